/** Language identification learned from the packs and knowledge files: right, deterministic and calibrated. */
import { describe, expect, it } from 'vitest';
import { installedBundle } from '../../bot/locale/installed.ts';
import { foldDiacritics } from '../../bot/text/vietnamese.ts';
import { loadKnowledge } from '../../knowledge/src/loader.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/src/locales.ts';
import { trainLanguageIdentifier } from '../../knowledge/src/understanding/language-identifier.ts';

const knowledge = loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
const train = () => trainLanguageIdentifier({ packs: installedBundle().packs, entries: knowledge.entries, categories: knowledge.categories })!;

// Written for this test, not taken from the packs or the knowledge files.
const HELD_OUT: [string, string][] = [
  ['cho em hỏi bến xe phía nam ở chỗ nào vậy', 'vi'],
  ['cho em hoi ben xe phia nam o cho nao vay', 'vi'],
  ['nha toi bi cup nuoc tu toi qua roi', 'vi'],
  ['is there a night market near the river', 'en'],
  ['my wallet was stolen on the bus, what should I do', 'en'],
  ['est-ce que le musée est ouvert le lundi', 'fr'],
  ['est ce que le musee est ouvert le lundi', 'fr'],
  ['il y a des travaux bruyants toute la nuit dans ma rue', 'fr'],
];

describe('language identifier', () => {
  const model = train();

  it('tells apart the Latin-script languages the packs hold, with and without diacritics', () => {
    expect([...model.languages].sort()).toEqual(['en', 'fr', 'vi']);
    for (const [text, lang] of HELD_OUT) expect(model.identify(text)?.lang, text).toBe(lang);
  });

  it('is the same model on every training run', () => {
    const again = train();
    for (const [text] of HELD_OUT) expect(again.identify(text)).toEqual(model.identify(text));
  });

  it('is surer with more words of the same sentence', () => {
    const words = 'toi muon hoi thu tuc dang ky khai sinh cho con o phuong nao'.split(' ');
    const short = model.identify(words.slice(0, 2).join(' '))!.confidence;
    const long = model.identify(words.join(' '))!.confidence;
    expect(long).toBeGreaterThan(short);
  });

  it('has confidences that match how often it is right, on chunks of text it did not learn from', () => {
    // Each knowledge answer's last paragraph, cut to chat length, read by a model trained without that entry.
    const held = knowledge.entries.filter((_, i) => i % 4 === 0);
    const heldIds = new Set(held.map((e) => e.id));
    const partial = trainLanguageIdentifier({ packs: [], entries: knowledge.entries.filter((e) => !heldIds.has(e.id)), categories: knowledge.categories })!;
    let confidence = 0;
    let right = 0;
    let n = 0;
    for (const entry of held) {
      for (const lang of ['vi', 'en', 'fr']) {
        const answer = entry.content[lang]?.answer;
        if (!answer) continue;
        const words = answer.split(/\s+/).filter((w) => /\p{L}/u.test(w));
        for (let at = 0; at + 3 <= words.length; at += 7) {
          for (const text of [words.slice(at, at + 3).join(' '), foldDiacritics(words.slice(at, at + 3).join(' '))]) {
            const d = partial.identify(text);
            if (!d) continue;
            confidence += d.confidence;
            right += d.lang === lang ? 1 : 0;
            n++;
          }
        }
      }
    }
    expect(n).toBeGreaterThan(300);
    // Mean confidence within five points of the accuracy it claims.
    expect(Math.abs(confidence / n - right / n)).toBeLessThan(0.05);
  });
});
