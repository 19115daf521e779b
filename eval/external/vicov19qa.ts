/** vicov19qa (UIT-ViCoV19QA test split): index Answer_1 of every row, query with its Question. */
import { readFileSync } from 'node:fs';
import { parseCsv } from './csv.ts';
import { datasetFile, shownPath } from './datasets-dir.ts';
import { rankAll, type FaqItem } from './retrieval.ts';
import type { ExternalRow } from './row.ts';

const FILE = ['vicov19qa', 'dataset', '4_ans', 'UIT-ViCoV19QA_test.csv'];

export async function runViCov19Qa(): Promise<ExternalRow> {
  const [header, ...rows] = parseCsv(readFileSync(datasetFile(...FILE), 'utf8'), '|');
  const at = (name: string) => header!.indexOf(name);
  const items: FaqItem[] = [];
  const queries = [];
  for (const row of rows) {
    const id = row[at('id')]?.trim();
    const question = row[at('Question')]?.trim();
    const answer = row[at('Answer_1')]?.trim();
    if (!id || !question || !answer) continue;
    items.push({ id, question: '', answer });
    queries.push({ text: question, expect: id });
  }
  // NLP.js learns from example questions; an answer-only index gives it nothing to learn.
  const scores = await rankAll(items, { questions: queries }, 'vi', ['minisearch', 'flexsearch', 'orama']);
  return {
    task: 'vicov19qa: question → Answer_1 (answer-only index)',
    files: [shownPath(...FILE)],
    items: items.length,
    systems: scores['questions'] as unknown as Record<string, Record<string, number>>,
  };
}
