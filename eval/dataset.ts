/** Reads evaluation cases in the shared JSON Lines format (see ../shared/eval-format.md). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { langSchema } from '../bot/language/lang-schema.ts';
import { ensureLocalesInstalled } from '../knowledge/src/locales.ts';

export const caseSchema = z.object({
  id: z.string().min(1),
  text: z.string(),
  lang: langSchema,
  expect: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
});

export type EvalCase = z.infer<typeof caseSchema> & { expected: string[] };

export function readDataset(path: string): EvalCase[] {
  // Cases are read before any assistant is built: the languages are the repository's packs.
  ensureLocalesInstalled();
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const cases: EvalCase[] = [];
  const ids = new Set<string>();
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new Error(`${path}:${i + 1}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = caseSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    if (ids.has(parsed.data.id)) throw new Error(`${path}:${i + 1}: duplicate id "${parsed.data.id}"`);
    ids.add(parsed.data.id);
    const expected = Array.isArray(parsed.data.expect) ? parsed.data.expect : [parsed.data.expect];
    cases.push({ ...parsed.data, expected });
  });
  return cases;
}
