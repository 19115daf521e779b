/**
 * langid-lingua: detectLanguage on single words, word pairs and sentences in vi, en, ko, zh, ja
 * and fr, plus Vietnamese with its diacritics stripped. Thai is skipped: not a supported language.
 */
import { readFileSync } from 'node:fs';
import type { Lang } from '../../bot/language/langs.ts';
import { detectLanguage } from '../../bot/language/detect.ts';
import { foldDiacritics } from '../../bot/text/vietnamese.ts';
import { ratio } from '../bench/stats.ts';
import { datasetFile, shownPath } from './datasets-dir.ts';
import type { ExternalRow } from './row.ts';

const CLASSES = ['single-words', 'word-pairs', 'sentences'] as const;
const LANGS: Lang[] = ['vi', 'en', 'ko', 'zh', 'ja', 'fr'];

export function runLangidLingua(): ExternalRow {
  const systems: Record<string, Record<string, number>> = {};
  let items = 0;
  const total = { right: 0, all: 0 };
  for (const row of [...LANGS, 'vi-nodiac'] as const) {
    const lang: Lang = row === 'vi-nodiac' ? 'vi' : row;
    const scores: Record<string, number> = {};
    let right = 0;
    let all = 0;
    for (const cls of CLASSES) {
      const lines = readFileSync(datasetFile('langid-lingua', 'language-testdata', cls, `${lang}.txt`), 'utf8').split(/\r?\n/).filter((l) => l.trim());
      const texts = row === 'vi-nodiac' ? lines.map(foldDiacritics) : lines;
      const ok = texts.filter((t) => detectLanguage(t)?.lang === lang).length;
      scores[cls] = ratio(ok, texts.length);
      right += ok;
      all += texts.length;
      if (row !== 'vi-nodiac') items += texts.length;
    }
    scores['all'] = ratio(right, all);
    systems[`ours ${row}`] = scores;
    total.right += right;
    total.all += all;
  }
  systems['ours overall'] = { all: ratio(total.right, total.all) };
  return {
    task: 'langid-lingua: language identification accuracy per length class',
    files: [shownPath('langid-lingua', 'language-testdata', '{single-words,word-pairs,sentences}', '{vi,en,ko,zh,ja,fr}.txt')],
    items,
    systems,
    note: 'vi-nodiac = the vi lines with diacritics stripped; no peer installed for this row (franc-min is not a dependency)',
  };
}
