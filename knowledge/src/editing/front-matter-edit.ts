/**
 * Adds one item to a list in a YAML front-matter without rewriting the rest of it. The `yaml`
 * Document API finds the list and where its last item ends; the new item is spliced into the
 * source text there, so every other byte — comments, flow lists, quoting, blank lines — stays as
 * the author wrote it (re-serialising the whole document would reflow flow lists).
 */
import { isMap, isSeq, parseDocument, stringify, type Node } from 'yaml';

export class FrontMatterEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrontMatterEditError';
  }
}

function lineStart(source: string, at: number): number {
  return source.lastIndexOf('\n', at - 1) + 1;
}

function lineEnd(source: string, at: number): number {
  const end = source.indexOf('\n', at);
  return end < 0 ? source.length : end;
}

/** Where the last scalar inside `node` ends: a collection's own range runs on past its last line. */
function lastValueEnd(node: Node): number {
  let current: Node = node;
  for (;;) {
    if (isSeq(current) && current.items.length > 0) current = current.items.at(-1) as Node;
    else if (isMap(current) && current.items.length > 0) {
      const pair = current.items.at(-1)!;
      current = (pair.value ?? pair.key) as Node;
    } else return current.range![1];
  }
}

function scalar(value: string, flow: boolean): string {
  const plain = stringify(value, { lineWidth: 0 }).trimEnd();
  return flow && /[,[\]{}]/.test(plain) ? JSON.stringify(value) : plain;
}

function parse(source: string) {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) throw new FrontMatterEditError(`front-matter does not parse: ${doc.errors[0]!.message.split('\n')[0]}`);
  return doc;
}

/**
 * `source` with `value` appended to the list at `path`. When the list is missing but its parent
 * map exists (a language not listed yet), the key is added after the map's last pair.
 */
export function appendToList(source: string, path: readonly string[], value: string): string {
  const doc = parse(source);
  const node = doc.getIn(path, true) as Node | undefined;
  let edited: string;
  if (isSeq(node) && node.range) {
    if (node.flow) {
      const close = source.lastIndexOf(']', node.range[1]);
      const empty = node.items.length === 0;
      edited = `${source.slice(0, close).replace(/\s*$/, '')}${empty ? '' : ', '}${scalar(value, true)}${source.slice(close)}`;
    } else {
      const last = node.items.at(-1) as Node | undefined;
      if (!last?.range) throw new FrontMatterEditError(`${path.join('.')} is an empty block list`);
      const prefix = source.slice(lineStart(source, last.range[0]), last.range[0]);
      if (!/^\s*-\s+$/.test(prefix)) throw new FrontMatterEditError(`${path.join('.')} has a layout this editor does not change`);
      const end = lineEnd(source, lastValueEnd(last));
      edited = `${source.slice(0, end)}\n${prefix}${scalar(value, false)}${source.slice(end)}`;
    }
  } else if (node === undefined) {
    const parent = doc.getIn(path.slice(0, -1), true) as Node | undefined;
    const key = path.at(-1)!;
    if (!isMap(parent) || !parent.range || parent.flow) throw new FrontMatterEditError(`${path.slice(0, -1).join('.')} is not a block map that can take "${key}"`);
    const lastPair = parent.items.at(-1);
    const lastKey = lastPair?.key as Node | undefined;
    const lastValue = lastPair?.value as Node | undefined;
    if (!lastKey?.range) throw new FrontMatterEditError(`${path.slice(0, -1).join('.')} is empty`);
    const indent = source.slice(lineStart(source, lastKey.range[0]), lastKey.range[0]);
    const end = lineEnd(source, lastValueEnd(lastValue?.range ? lastValue : lastKey));
    edited = `${source.slice(0, end)}\n${indent}${key}:\n${indent}  - ${scalar(value, false)}${source.slice(end)}`;
  } else {
    throw new FrontMatterEditError(`${path.join('.')} is not a list`);
  }
  // The splice must mean exactly "one more item" and nothing else: otherwise it is refused, never written.
  const expected = doc.toJS() as Record<string, unknown>;
  let parent: Record<string, unknown> = expected;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const list = parent[path.at(-1)!];
  parent[path.at(-1)!] = [...(Array.isArray(list) ? list : []), value];
  if (JSON.stringify(parse(edited).toJS()) !== JSON.stringify(expected)) throw new FrontMatterEditError(`adding to ${path.join('.')} did not produce the expected list`);
  return edited;
}
