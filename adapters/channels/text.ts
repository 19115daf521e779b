/** Splits long text at paragraph, line, sentence or word boundaries, never above `max` characters. */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = bestCut(window);
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

function bestCut(window: string): number {
  const min = Math.floor(window.length / 2);
  for (const sep of ['\n\n', '\n', '. ', ' ']) {
    const at = window.lastIndexOf(sep);
    if (at >= min) return at + sep.length;
  }
  // No boundary: avoid cutting a surrogate pair in half.
  const last = window.charCodeAt(window.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? window.length - 1 : window.length;
}

/** Quick replies as a numbered list, for channels without buttons. */
export function numberedList(header: string, labels: string[]): string {
  return [header, ...labels.map((label, i) => `${i + 1}. ${label}`)].join('\n');
}
