import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_PART_CHARS, renderedLength, sourceLine, splitAnswer } from '../../bot/answer/answer-reply.ts';
import { renderTypedFact } from '../../bot/locale/fact-format.ts';
import { answerChecks, answerStats, literalNumbers } from '../../knowledge/src/answer-checks.ts';
import { loadKnowledge } from '../../knowledge/src/loader.ts';
import { DEFAULT_KNOWLEDGE_DIR, localeProblems } from '../../knowledge/src/locales.ts';
import { crossCheck } from '../../knowledge/src/validate.ts';

const TODAY = new Date('2026-12-02T00:00:00Z');
const NBSP = /[\u00a0\u202f]/g;

interface Source {
  url: string;
  official: boolean;
  checked: string;
  lang?: string;
}

function entryFile(id: string, facts: string, answers: Record<string, string>, sources: Source[]): string {
  return [
    '---',
    `id: ${id}`,
    'area: tourism',
    `title: ${JSON.stringify(Object.fromEntries(Object.keys(answers).map((l) => [l, `Title ${l}`])))}`,
    `questions: ${JSON.stringify(Object.fromEntries(Object.keys(answers).map((l) => [l, [`question about ${id} ${l}`]])))}`,
    facts ? `facts:\n${facts}` : 'facts: {}',
    'sources:',
    ...sources.flatMap((s, i) => [`  - url: ${s.url}`, `    title: Source ${i + 1}`, `    publisher: Publisher ${i + 1}`, `    lang: ${s.lang ?? 'en'}`, `    official: ${s.official}`, `    checked: ${s.checked}`]),
    'reviewed: 2026-12-01',
    '---',
    '',
    ...Object.entries(answers).flatMap(([lang, text]) => [`## ${lang}`, '', text, '']),
  ].join('\n');
}

function knowledgeDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hue-kb-checks-'));
  mkdirSync(join(dir, 'entries'), { recursive: true });
  mkdirSync(join(dir, 'complaints'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'entries', name), text);
  return dir;
}

const OFFICIAL = 'https://www.hueworldheritage.org.vn/prices';
const official: Source = { url: OFFICIAL, official: true, checked: '2026-12-01' };

describe('typed facts rendered in each language’s convention', () => {
  it('writes prices with the pack’s grouping and unit', () => {
    const price = { vnd: 200000, source: OFFICIAL };
    expect(renderTypedFact(price, 'en')).toBe('200,000 VND');
    expect(renderTypedFact(price, 'vi')).toBe('200.000 đ');
    expect(renderTypedFact(price, 'zh')).toBe('20万越南盾');
    expect(renderTypedFact(price, 'ja')).toBe('200,000ドン');
    expect(renderTypedFact(price, 'ko')).toBe('200,000동');
    expect(renderTypedFact(price, 'fr').replace(NBSP, ' ')).toBe('200 000 VND');
  });

  it('writes opening hours and counts per language', () => {
    const hours = { time: '07:30', to: '17:30', source: OFFICIAL };
    expect(renderTypedFact(hours, 'en')).toBe('7:30–17:30');
    expect(renderTypedFact(hours, 'ja')).toBe('7:30〜17:30');
    expect(renderTypedFact(hours, 'fr')).toBe('7 h 30 – 17 h 30');
    expect(renderTypedFact({ number: 183000, source: OFFICIAL }, 'vi')).toBe('183.000');
    expect(renderTypedFact({ number: 183000, source: OFFICIAL }, 'en')).toBe('183,000');
    expect(renderTypedFact({ phone: '1900 1075', source: OFFICIAL }, 'zh')).toBe('1900 1075');
  });

  it('fills typed facts into answers, also inside a text fact that names them', () => {
    const dir = knowledgeDir({
      'tour.a.md': entryFile(
        'tour.a',
        `  adult: { vnd: 200000, source: "${OFFICIAL}" }\n  open: { time: "07:00", to: "17:30", source: "${OFFICIAL}" }\n  hours:\n    vi: "{{open}} hằng ngày"\n    en: "{{open}} daily"`,
        { vi: 'Vé {{adult}}, mở cửa {{hours}}.', en: 'Tickets {{adult}}, open {{hours}}.' },
        [official],
      ),
    });
    const entry = loadKnowledge(dir).entries[0]!;
    expect(entry.content.vi!.answer).toBe('Vé 200.000 đ, mở cửa 7:00–17:30 hằng ngày.');
    expect(entry.content.en!.answer).toBe('Tickets 200,000 VND, open 7:00–17:30 daily.');
  });
});

describe('literal numbers in answer text', () => {
  it('finds phone numbers, prices, hours and grouped numbers, and leaves dates, laws and links alone', () => {
    const kinds = (text: string) => literalNumbers(text).map((l) => l.kind);
    expect(kinds('Call 1900 1075 or 0234.3828288, or 113.')).toEqual(['phone number', 'phone number', 'phone number']);
    expect(kinds('Vé 200.000 VND, trẻ em 15.000 đồng')).toEqual(['price', 'price']);
    expect(kinds('成人20万越南盾')).toEqual(['price']);
    expect(kinds('open 7:00–17:30, 午前9時')).toEqual(['hour', 'hour', 'hour']);
    expect(kinds('more than 1,236,393 people')).toEqual(['grouped number']);
    expect(kinds('Law 91/2025/QH15 from 1/1/2026, see https://dichvucong.gov.vn/p?ma=187805, 24時間, 5 km, {{fee}}')).toEqual([]);
  });
});

describe('knowledge checks', () => {
  const problemsOf = (files: Record<string, string>) => {
    const loaded = loadKnowledge(knowledgeDir(files));
    return answerChecks(loaded, TODAY);
  };
  const find = (problems: ReturnType<typeof problemsOf>, severity: string, text: string) => problems.filter((p) => p.severity === severity && p.message.includes(text));

  it('passes a clean entry', () => {
    const problems = problemsOf({
      'tour.a.md': entryFile('tour.a', `  adult: { vnd: 200000, source: "${OFFICIAL}" }`, { vi: 'Vé {{adult}}.', en: 'Tickets {{adult}}.' }, [official]),
    });
    expect(problems).toEqual([]);
  });

  it('errors on a phone number, price or hour written into an answer, and on grouped digits', () => {
    const problems = problemsOf({
      'tour.a.md': entryFile('tour.a', '', { en: 'Tickets 200,000 VND, open 7:00, call 1900 1075. About 183,000 visitors.' }, [official]),
    });
    expect(find(problems, 'error', 'written into the answer').map((p) => p.message.split('"')[1]).sort()).toEqual(['183,000', '1900 1075', '200,000 VND', '7:00']);
  });

  it('errors on a number kept as text in a fact, a typed fact without a source, or a source not in the entry', () => {
    const problems = problemsOf({
      'tour.a.md': entryFile(
        'tour.a',
        '  adult: 200.000 VND\n  child: { vnd: 40000 }\n  hotline: { phone: "1900 1075", source: "https://example.org/elsewhere" }',
        { en: 'Adult {{adult}}, child {{child}}, hotline {{hotline}}.' },
        [official],
      ),
    });
    expect(find(problems, 'error', 'written as text')).toHaveLength(1);
    expect(find(problems, 'error', 'needs the source')).toHaveLength(1);
    expect(find(problems, 'error', 'is not one of the entry')).toHaveLength(1);
  });

  it('warns on stale sources, entries without an official source and unused facts', () => {
    const problems = problemsOf({
      'tour.a.md': entryFile('tour.a', `  unused: { vnd: 5000, source: "${OFFICIAL}" }`, { en: 'Plain answer.' }, [{ url: OFFICIAL, official: false, checked: '2025-11-01' }]),
    });
    expect(find(problems, 'warning', 'more than 365 days ago')).toHaveLength(1);
    expect(find(problems, 'warning', 'no official source')).toHaveLength(1);
    expect(find(problems, 'warning', 'declared but used in no answer')).toHaveLength(1);
    expect(answerStats(loadKnowledge(knowledgeDir({ 'tour.a.md': entryFile('tour.a', '', { en: 'x' }, [{ url: OFFICIAL, official: true, checked: '2025-01-01' }]) })), TODAY).staleSources).toBe(1);
  });

  it('errors when two entries give the same fact different values', () => {
    const problems = problemsOf({
      'tour.a.md': entryFile('tour.a', `  adult: { vnd: 200000, source: "${OFFICIAL}" }`, { en: 'A {{adult}}.' }, [official]),
      'tour.b.md': entryFile('tour.b', `  adult: { vnd: 250000, source: "${OFFICIAL}" }`, { en: 'B {{adult}}.' }, [official]),
    });
    expect(find(problems, 'error', 'differs from the fact of the same name')).toHaveLength(1);
  });

  it('errors when the first part is over the phone limit, counting rendered characters', () => {
    const long = 'Word '.repeat(90).trim() + '.';
    const bold = `**${'Bold '.repeat(80).trim()}.**`; // 400 characters once the markers are gone
    const problems = problemsOf({
      'tour.a.md': entryFile('tour.a', '', { en: `${long}\n\nMore detail.` }, [official]),
      'tour.b.md': entryFile('tour.b', '', { en: `${bold}\n\nMore detail.` }, [official]),
    });
    expect(find(problems, 'error', 'first part is')).toHaveLength(1);
    expect(find(problems, 'error', 'first part is')[0]!.file).toContain('tour.a');
    expect(renderedLength(bold)).toBe(FIRST_PART_CHARS);
  });

  it('errors on a source record without title, publisher, language or official flag', () => {
    const dir = knowledgeDir({
      'tour.a.md': entryFile('tour.a', '', { en: 'Plain.' }, [official]).replace(/    title: .*\n    publisher: .*\n    lang: .*\n    official: .*\n/, ''),
    });
    const fields = answerChecks(loadKnowledge(dir), TODAY).filter((p) => p.severity === 'error').map((p) => p.field);
    expect(fields).toEqual(['sources.0.title', 'sources.0.publisher', 'sources.0.lang', 'sources.0.official']);
  });
});

describe('the source line under an answer', () => {
  it('links the first official source in the answer’s language and never shows an unofficial one', () => {
    const dir = knowledgeDir({
      'tour.a.md': entryFile('tour.a', '', { vi: 'Trả lời.', en: 'Answer.' }, [
        { url: 'https://blog.example.com/a', official: false, checked: '2026-12-01' },
        { url: 'https://en.example.gov.vn/a', official: true, checked: '2026-11-30', lang: 'en' },
        { url: 'https://vi.example.gov.vn/a', official: true, checked: '2026-12-02', lang: 'vi' },
      ]),
      'tour.b.md': entryFile('tour.b', '', { en: 'Answer.' }, [{ url: 'https://blog.example.com/b', official: false, checked: '2026-12-01' }]),
    });
    const [a, b] = loadKnowledge(dir).entries;
    // A source that only backs a side fact is never the line under the answer.
    const sideFact = { ...a!, sources: a!.sources.map((s) => (s.lang === 'vi' ? { ...s, shown: false } : s)) };
    expect(sourceLine(sideFact, 'vi')).toBe('Nguồn: [Source 2](https://en.example.gov.vn/a) (kiểm tra ngày 2026-11-30)');
    expect(sourceLine(a!, 'vi')).toBe('Nguồn: [Source 3](https://vi.example.gov.vn/a) (kiểm tra ngày 2026-12-02)');
    expect(sourceLine(a!, 'en')).toBe('Source: [Source 2](https://en.example.gov.vn/a) (checked 2026-11-30)');
    expect(sourceLine(b!, 'en')).toBe('');
  });
});

describe('the repository’s knowledge base', () => {
  const loaded = loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
  const problems = [...localeProblems(DEFAULT_KNOWLEDGE_DIR).problems, ...loaded.problems, ...crossCheck(loaded, TODAY)];

  it('validates with no errors and no source older than a year', () => {
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(answerStats(loaded, TODAY).staleSources).toBe(0);
  });

  it('keeps every first part phone-sized', () => {
    for (const entry of loaded.entries) {
      for (const [lang, content] of Object.entries(entry.content)) {
        const length = renderedLength(splitAnswer(content!.answer).part);
        expect(length, `${entry.id} ${lang}`).toBeLessThanOrEqual(FIRST_PART_CHARS);
      }
    }
  });

  it('names the current data-protection law and sends visitors to the tourist contacts, not the citizens’ line', () => {
    const privacy = loaded.entries.find((e) => e.id === 'bot.privacy')!;
    for (const content of Object.values(privacy.content)) expect(content!.answer).toContain('91/2025/QH15');
    for (const entry of loaded.entries.filter((e) => e.area === 'tourism')) {
      for (const lang of ['en', 'ko', 'zh', 'ja', 'fr'] as const) {
        expect(entry.content[lang]?.answer ?? '', `${entry.id} ${lang}`).not.toContain('1900 1075');
      }
    }
  });
});

describe('what the assistant says when it cannot answer', () => {
  it('gives visitors the tourists’ contact in every visitor language, and the citizens’ line for public services', async () => {
    const { cityProfile } = await import('../../bot/locale/installed.ts');
    const { translate } = await import('../../bot/locale/translate.ts');
    const { tourists, citizens } = cityProfile().contacts;
    for (const lang of ['en', 'ko', 'zh', 'ja', 'fr']) {
      for (const key of ['oos', 'low-confidence']) {
        const text = translate(lang, key);
        expect(text, `${lang} ${key}`).toContain(tourists.phone);
        expect(text, `${lang} ${key}`).toContain(citizens.phone);
        // The visitors' line comes first: most people writing in these languages are visiting.
        expect(text.indexOf(tourists.phone), `${lang} ${key}`).toBeLessThan(text.indexOf(citizens.phone));
      }
    }
  });
});
