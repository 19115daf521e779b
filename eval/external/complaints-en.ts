/** complaints-en: precision and recall of detectComplaint on English tweets (label 1 = complaint). */
import { readFileSync } from 'node:fs';
import { detectComplaint } from '../../knowledge/src/understanding/rules/complaint-detector.ts';
import type { KnowledgeSnapshot } from '../../bot/ports.ts';
import { ratio } from '../bench/stats.ts';
import { parseCsv } from './csv.ts';
import { datasetFile, shownPath } from './datasets-dir.ts';
import type { ExternalRow } from './row.ts';

const FILE = ['complaints-en', 'complaints-data.csv'];

export async function runComplaintsEn(snapshot: KnowledgeSnapshot): Promise<ExternalRow> {
  const rows = parseCsv(readFileSync(datasetFile(...FILE), 'utf8'));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [, text = '', label] of rows) {
    const hits = await snapshot.search(text, { lang: 'en', limit: 5 });
    const predicted = detectComplaint(text, 'en', snapshot, hits) !== undefined;
    const actual = label?.trim() === '1';
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision + recall === 0 ? 0 : Number(((2 * precision * recall) / (precision + recall)).toFixed(4));
  return {
    task: 'complaints-en: complaint detection (English tweets)',
    files: [shownPath(...FILE)],
    items: rows.length,
    systems: { ours: { precision, recall, f1 } },
    note: `${tp + fn} complaints; detector tuned for city-service reports, tweets are about airlines, retail, telecoms…`,
  };
}
