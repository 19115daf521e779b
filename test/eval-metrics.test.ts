import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cityProfile } from '../bot/locale/installed.ts';
import type { Reply } from '../bot/types.ts';
import type { EvalCase } from '../eval/dataset.ts';
import { rankScores } from '../eval/external/retrieval.ts';
import { lcsLength } from '../eval/external/vilexnorm.ts';
import { refusalPrecision, scoreCase, summarize } from '../eval/metrics.ts';
import { peerReply } from '../eval/peers/peer.ts';
import { buildEvalReport, writeEvalReport } from '../eval/report.ts';
import { replaceBlock } from '../eval/readme-sections.ts';

const kase = (id: string, text: string, expect: string[], lang: EvalCase['lang'] = 'en'): EvalCase => ({ id, text, lang, expect, expected: expect });
const answer = (...ids: string[]): Reply => ({ text: '', quickReplies: [], meta: { intent: 'answer', lang: 'en', confidence: 1, sources: ids.map((id) => ({ id, score: 1 })) } });
const intent = (i: 'oos' | 'complaint' | 'greeting' | 'handoff', category?: string): Reply => ({ text: '', quickReplies: [], meta: { intent: i, lang: 'en', confidence: 1, sources: [], category } });

describe('scorer', () => {
  const results = [
    scoreCase(kase('a', 'ticket price', ['tour.tickets']), answer('tour.tickets', 'tour.imperial-city'), 1), // rank 1
    scoreCase(kase('b', 'opening hours', ['tour.hours']), answer('tour.tickets', 'tour.hours'), 2), // rank 2
    scoreCase(kase('c', 'ferry', ['tour.boat']), answer('tour.tickets', 'tour.hours', 'x.y', 'tour.boat'), 3), // rank 4
    scoreCase(kase('d', 'bitcoin', ['oos']), intent('oos'), 4),
    scoreCase(kase('e', 'weather', ['oos']), answer('tour.tickets'), 5), // a wrong confident answer
    scoreCase(kase('f', 'pothole', ['complaint:roads']), intent('complaint', 'roads'), 6),
  ];
  const s = summarize(results);

  it('gives top-1, recall@3 and MRR over the knowledge cases', () => {
    expect(s.top1).toBeCloseTo(3 / 6, 4);
    expect(s.recall3).toBeCloseTo(2 / 3, 4);
    expect(s.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 4) / 3, 4);
  });

  it('counts every wrong confident answer against out-of-scope precision, and answered out-of-scope questions against recall', () => {
    // Confident answers: a (right), b, c (wrong entry first), e (an out-of-scope question answered).
    expect(s.oos.precision).toBe(0.25);
    expect(s.oos.recall).toBe(0.5);
    expect(refusalPrecision(results)).toBe(1);
    expect(s.complaint.detect_recall).toBe(1);
  });

  it('scores a handoff to staff as the city profile’s handoff entry, the answer to asking for a person', () => {
    const handoffEntry = cityProfile().entries.handoff;
    expect(scoreCase(kase('h', 'can I talk to a person', [handoffEntry]), intent('handoff'), 0).correct).toBe(true);
    expect(scoreCase(kase('i', 'bitcoin', ['oos']), intent('handoff'), 0).correct).toBe(false);
  });

  it('scores a peer that refuses below its threshold as "oos"', () => {
    const hits = [{ id: 'tour.tickets', score: 3 }];
    expect(scoreCase(kase('g', 'x', ['oos']), peerReply(hits, 5, 'en'), 0).correct).toBe(true);
    expect(scoreCase(kase('h', 'x', ['tour.tickets']), peerReply(hits, 2, 'en'), 0).correct).toBe(true);
  });

  it('ranks external retrieval the same way', () => {
    const r = rankScores([['a', 'b'], ['x', 'y', 'b'], ['z']], [{ text: '', expect: 'a' }, { text: '', expect: 'b' }, { text: '', expect: 'q' }]);
    expect(r).toEqual({ top1: 0.3333, recall3: 0.6667, mrr: 0.4444 });
  });

  it('measures token accuracy with an in-order alignment', () => {
    expect(lcsLength('tay này gọt được không'.split(' '), 'tay này gọt được không'.split(' '))).toBe(5);
    expect(lcsLength('tay này gọt đc k'.split(' '), 'tay này gọt được không'.split(' '))).toBe(3);
  });

  it('writes Markdown, JSON and an SVG chart with axis labels, date and machine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-report-'));
    const report = buildEvalReport('tiny.jsonl', 'lexical', s, results, undefined, { date: '2026-01-02', cpu: 'Test CPU', cores: 2, os: 'linux', node: 'v20' });
    const paths = writeEvalReport(report, dir);
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual(['tiny.md', 'tiny.json', 'tiny.svg']);
    const svg = readFileSync(join(dir, 'tiny.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('2026-01-02');
    expect(svg).toContain('Test CPU × 2 cores');
    expect(svg).toContain('share of cases answered correctly');
    expect(JSON.parse(readFileSync(join(dir, 'tiny.json'), 'utf8')).by_outcome.oos).toEqual({ cases: 2, top1: 0.5 });
    expect(readFileSync(join(dir, 'tiny.md'), 'utf8')).toContain('| complaint | 1 | 100.0% |');
  });

  it('replaces only the marked README block', () => {
    expect(replaceBlock('a\n<!-- quality:start -->\nold\n<!-- quality:end -->\nb', 'quality', 'new')).toBe('a\n<!-- quality:start -->\nnew\n<!-- quality:end -->\nb');
    expect(() => replaceBlock('no markers', 'quality', 'x')).toThrow();
  });
});
