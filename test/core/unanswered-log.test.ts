import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileUnansweredLog } from '../../adapters/state/unanswered-log.ts';

describe('unanswered-questions log', () => {
  it('appends one JSON line per question, with phone numbers masked', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hue-unanswered-')), 'logs', 'unanswered.jsonl');
    const log = new FileUnansweredLog(path);
    const at = new Date('2026-11-25T10:00:00Z');
    await log.record({ text: 'visa cho vợ tôi, gọi 0905123456', lang: 'vi', channel: 'web', reason: 'out-of-scope', candidates: [], at });
    await log.record({ text: 'bitcoin price', lang: 'en', channel: 'telegram', reason: 'low-confidence', candidates: [{ id: 'tour.money', score: 3.2, coverage: 0.3 }], at });
    await log.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ lang: 'vi', reason: 'out-of-scope', at: '2026-11-25T10:00:00.000Z' });
    expect(lines[0].text).not.toContain('0905123456');
    expect(lines[1].candidates[0]).toMatchObject({ id: 'tour.money' });
  });
});
