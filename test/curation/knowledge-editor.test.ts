/**
 * Editors' changes on a temporary copy of the knowledge folder: the file keeps every other byte,
 * the change is validated before it is written, and a refused change leaves the file untouched.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeEditError } from '../../bot/review/ports.ts';
import { createKnowledgeEditor } from '../../knowledge/src/editing/knowledge-editor.ts';
import { loadKnowledge } from '../../knowledge/src/loader.ts';
import { writeKnowledgeFixture } from '../helpers/knowledge-fixture.ts';

const REPO_KNOWLEDGE = resolve(import.meta.dirname, '../../knowledge');

function copyOfKnowledge(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'hue-edit-')), 'knowledge');
  cpSync(REPO_KNOWLEDGE, dir, { recursive: true });
  return dir;
}

/** Lines of `after` that `before` does not have, and lines of `before` that `after` lost. */
function lineChanges(before: string, after: string) {
  const a = before.split('\n');
  const b = after.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return { removed: a.slice(i, a.length - j), added: b.slice(i, b.length - j), at: i };
}

const rejects = async (promise: Promise<unknown>, problem: string) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KnowledgeEditError);
  expect((error as KnowledgeEditError).problem).toBe(problem);
  return error as KnowledgeEditError;
};

describe('knowledge editor', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyOfKnowledge();
  });

  it('adds an alternate question as one new line under the language, keeping comments and layout', async () => {
    const file = join(dir, 'entries/tourism/tour.bach-ma.md');
    const before = readFileSync(file, 'utf8');
    const editor = createKnowledgeEditor({ knowledgeDir: dir });
    const edit = await editor.addAlternateQuestion('tour.bach-ma', 'vi', '  đi   Bạch Mã cần giấy phép không ');
    const after = readFileSync(file, 'utf8');
    const change = lineChanges(before, after);
    expect(change.removed).toEqual([]);
    expect(change.added).toEqual(['    - đi Bạch Mã cần giấy phép không']);
    // It lands at the end of the Vietnamese list, right before the English one.
    expect(after.split('\n')[change.at + 1]).toBe('  en:');
    const loaded = loadKnowledge(dir);
    expect(loaded.entries.find((e) => e.id === 'tour.bach-ma')!.content.vi!.questions.at(-1)).toBe('đi Bạch Mã cần giấy phép không');
    expect(edit).toEqual({ file: 'entries/tourism/tour.bach-ma.md', version: loaded.contentHash });
  });

  it('keeps a commented file byte for byte apart from the added line', async () => {
    const file = join(dir, 'entries/tourism/tour.bach-ma.md');
    const original = readFileSync(file, 'utf8');
    const commented = original.replace('questions:\n  vi:\n', 'questions:   # how people really ask\n  vi:\n    # typed without diacritics too\n');
    writeFileSync(file, commented);
    await createKnowledgeEditor({ knowledgeDir: dir }).addAlternateQuestion('tour.bach-ma', 'en', 'is there a permit for bach ma: "trekking"?');
    const change = lineChanges(commented, readFileSync(file, 'utf8'));
    expect(change.removed).toEqual([]);
    expect(change.added).toEqual(['    - \'is there a permit for bach ma: "trekking"?\'']);
    expect(readFileSync(file, 'utf8')).toContain('questions:   # how people really ask\n  vi:\n    # typed without diacritics too\n');
  });

  it('adds to a flow list without reflowing it', async () => {
    const fixture = writeKnowledgeFixture([
      { id: 'tour.tickets', titles: { en: 'Ticket prices' }, questions: { en: ['ticket prices', 'entry fee'] }, answers: { en: 'See the ticket office.' } },
    ]);
    const file = join(fixture, 'entries/tour.tickets.md');
    const before = readFileSync(file, 'utf8');
    await createKnowledgeEditor({ knowledgeDir: fixture }).addAlternateQuestion('tour.tickets', 'en', 'price, for adults');
    expect(readFileSync(file, 'utf8')).toBe(before.replace('"entry fee"]', '"entry fee", "price, for adults"]'));
  });

  it('refuses unknown entries, missing languages, questions already asked elsewhere and empty text, and writes nothing', async () => {
    const editor = createKnowledgeEditor({ knowledgeDir: dir });
    const file = join(dir, 'entries/tourism/tour.bach-ma.md');
    const before = readFileSync(file, 'utf8');
    expect((await rejects(editor.addAlternateQuestion('tour.nowhere', 'vi', 'abc'), 'not-found')).field).toBe('entryId');
    const existing = loadKnowledge(dir).entries.find((e) => e.id === 'tour.bach-ma')!.content.vi!.questions[0]!;
    // Compared folded: the same question typed without diacritics is the same question.
    const folded = existing.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').toUpperCase();
    expect((await rejects(editor.addAlternateQuestion('tour.bach-ma', 'vi', folded), 'conflict')).message).toContain('tour.bach-ma');
    await rejects(editor.addAlternateQuestion('tour.bach-ma', 'vi', '   '), 'invalid');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a change that would not load, before writing it', async () => {
    const fixture = writeKnowledgeFixture([
      { id: 'tour.tickets', titles: { en: 'Ticket prices' }, questions: { en: ['ticket prices'] }, answers: { en: 'See the ticket office.' } },
    ]);
    const editor = createKnowledgeEditor({ knowledgeDir: fixture });
    const file = join(fixture, 'entries/tour.tickets.md');
    const before = readFileSync(file, 'utf8');
    // Vietnamese has no title or answer in this entry: a question alone would make it invalid.
    expect((await rejects(editor.addAlternateQuestion('tour.tickets', 'vi', 'giá vé'), 'invalid')).field).toBe('lang');
    expect(readFileSync(file, 'utf8')).toBe(before);
    // The whole knowledge base is validated as it would be: a broken file elsewhere stops the edit too.
    writeFileSync(join(fixture, 'entries/tour.broken.md'), '---\nid: tour.broken\narea: nowhere\n---\n');
    expect((await rejects(editor.addAlternateQuestion('tour.tickets', 'en', 'how much is entry'), 'invalid')).message).toContain('tour.broken.md');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('adds an example to an out-of-scope topic', async () => {
    const file = join(dir, 'out-of-scope.md');
    const editor = createKnowledgeEditor({ knowledgeDir: dir });
    const before = readFileSync(file, 'utf8');
    await editor.addOutOfScopeExample('visa', 'en', 'can my visa be extended at the ward office');
    const change = lineChanges(before, readFileSync(file, 'utf8'));
    expect(change.removed).toEqual([]);
    expect(change.added).toEqual(['        - can my visa be extended at the ward office']);
    expect(loadKnowledge(dir).outOfScope!.topics.find((t) => t.id === 'visa')!.examples.en!.at(-1)).toBe('can my visa be extended at the ward office');
    await rejects(editor.addOutOfScopeExample('no-such-topic', 'en', 'x'), 'not-found');
    await rejects(editor.addOutOfScopeExample('visa', 'en', 'Can my visa be extended at the ward office?'), 'conflict');
  });

  it('starts the language list of examples when the topic has none yet', async () => {
    const fixture = writeKnowledgeFixture([]);
    const source = ['---', '# deliberately not covered', 'topics:', '  - id: visa', '    reason: visas', '    match:', '      - [visa]', '    examples:', '      vi:', '        - gia hạn visa  # typed by a visitor', '---', ''].join('\n');
    writeFileSync(join(fixture, 'out-of-scope.md'), source);
    await createKnowledgeEditor({ knowledgeDir: fixture }).addOutOfScopeExample('visa', 'fr', 'prolonger mon visa');
    expect(readFileSync(join(fixture, 'out-of-scope.md'), 'utf8')).toBe(source.replace('# typed by a visitor\n', '# typed by a visitor\n      fr:\n        - prolonger mon visa\n'));
  });
});
