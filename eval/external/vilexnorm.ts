/**
 * vilexnorm test split: informal Vietnamese ("đc k", "ng yêu") against its normalised form.
 * Sentence accuracy = lower-cased, whitespace-normalised output equals the reference; token
 * accuracy = reference tokens matched in order (longest common subsequence) over all reference
 * tokens. The identity baseline leaves the input unchanged.
 */
import { readFileSync } from 'node:fs';
import { expandShorthand } from '../../bot/locale/shorthand.ts';
import { canonicalVietnamese } from '../../bot/text/vietnamese.ts';
import { ratio } from '../bench/stats.ts';
import { parseCsv } from './csv.ts';
import { datasetFile, shownPath } from './datasets-dir.ts';
import type { ExternalRow } from './row.ts';

const FILE = ['vilexnorm', 'data', 'test.csv'];

const tidy = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const current = [0];
    for (let j = 1; j <= b.length; j++) current.push(x === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!));
    previous = current;
  }
  return previous[b.length]!;
}

export function runViLexNorm(): ExternalRow {
  const [, ...rows] = parseCsv(readFileSync(datasetFile(...FILE), 'utf8'));
  const score = { ours: { same: 0, tokens: 0 }, identity: { same: 0, tokens: 0 } };
  let refTokens = 0;
  for (const [, original = '', normalized = ''] of rows) {
    const reference = tidy(normalized);
    const refSplit = reference.split(' ');
    refTokens += refSplit.length;
    for (const [system, output] of [['ours', tidy(expandShorthand(canonicalVietnamese(original), 'vi').text)], ['identity', tidy(original)]] as const) {
      if (output === reference) score[system].same++;
      score[system].tokens += lcsLength(output.split(' '), refSplit);
    }
  }
  const systems = Object.fromEntries(
    Object.entries(score).map(([k, v]) => [k, { sentence_exact: ratio(v.same, rows.length), token_accuracy: ratio(v.tokens, refTokens) }]),
  );
  return { task: 'vilexnorm: informal Vietnamese normalisation', files: [shownPath(...FILE)], items: rows.length, systems };
}
