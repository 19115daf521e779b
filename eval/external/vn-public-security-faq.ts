/**
 * vn-public-security-faq: 85 Vietnamese public-service questions in two phrasings. The long,
 * citizen-style question (FAQ/*.txt) is indexed with its detailed answer; queries are the short
 * title form, its unaccented copy, and the unaccented keywords (faq_db.js.extracted.json).
 */
import { readFileSync } from 'node:fs';
import { foldDiacritics } from '../../bot/text/vietnamese.ts';
import { plainText } from '../../knowledge/src/documents.ts';
import { datasetFile, shownPath } from './datasets-dir.ts';
import { rankAll, type FaqItem, type FaqQuery } from './retrieval.ts';
import type { ExternalRow } from './row.ts';

const DIR = 'vn-public-security-faq';
/** The JSON's categories in order, with the text file holding the same questions in the same order. */
const CATEGORY_FILES: [string, string][] = [
  ['cu_tru', 'FAQ-cutru.txt'],
  ['cccd', 'FAQ-CCCD.txt'],
  ['dinh_danh', 'FAQ-dinhdanh-xacthuc.txt'],
  ['xe', 'FAQ-dangkyxe'],
  ['xuat_nhap_canh', 'FAQ-xuatnhapcanh.txt'],
  ['vu_khi', 'FAQ-vukhi'],
  ['kinh_doanh', 'FAQ-kinhdoanhcodieukien.txt'],
  ['khieu_nai', 'FAQ-khieunai-tocao.txt'],
];

interface ShortForm {
  text: string;
  keywords: string[];
}

/** `### Câu hỏi 1: …` or `### 1. …`, then `**Trả lời:**` and the answer up to the next heading. */
export function parseFaqText(text: string): { question: string; answer: string }[] {
  const out: { question: string; answer: string }[] = [];
  for (const block of text.split(/^###\s+/m).slice(1)) {
    const [head = '', ...rest] = block.split('\n');
    const question = head.replace(/^(Câu hỏi\s*)?\d+\s*[:.]\s*/i, '').trim();
    const answer = rest.join('\n').replace(/\*\*Trả lời:\*\*/i, '').replace(/^-{3,}\s*$/gm, '');
    if (question) out.push({ question, answer: plainText(answer) });
  }
  return out;
}

export async function runVnPublicSecurityFaq(): Promise<ExternalRow[]> {
  const json = JSON.parse(readFileSync(datasetFile(DIR, 'faq_db.js.extracted.json'), 'utf8')) as { FAQ_DATA: Record<string, ShortForm[]> };
  const items: FaqItem[] = [];
  const short: FaqQuery[] = [];
  const shortNoDiacritics: FaqQuery[] = [];
  const keywords: FaqQuery[] = [];
  for (const [category, file] of CATEGORY_FILES) {
    const long = parseFaqText(readFileSync(datasetFile(DIR, 'FAQ', file), 'utf8'));
    const forms = json.FAQ_DATA[category] ?? [];
    if (long.length !== forms.length) throw new Error(`${file}: ${long.length} questions but ${forms.length} in the JSON`);
    long.forEach((q, i) => {
      const id = `${category}-${i + 1}`;
      const form = forms[i]!;
      items.push({ id, question: q.question, answer: q.answer });
      short.push({ text: form.text, expect: id });
      shortNoDiacritics.push({ text: foldDiacritics(form.text), expect: id });
      keywords.push({ text: form.keywords.join(', '), expect: id });
    });
  }
  const scores = await rankAll(items, { short, shortNoDiacritics, keywords }, 'vi');
  const files = [shownPath(DIR, 'FAQ', '*'), shownPath(DIR, 'faq_db.js.extracted.json')];
  const label: Record<string, string> = { short: 'short question', shortNoDiacritics: 'short question, no diacritics', keywords: 'unaccented keywords' };
  return Object.entries(scores).map(([set, systems]) => ({
    task: `vn-public-security-faq: ${label[set]} → long question + answer`,
    files,
    items: items.length,
    systems: systems as unknown as Record<string, Record<string, number>>,
  }));
}
