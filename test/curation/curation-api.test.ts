/**
 * The review loop over HTTP on the real server, with its knowledge folder a temporary git
 * checkout (a copy of the repository's): a refused question lands in the queue, redacted; an
 * editor adds it as an alternate question of an entry; the file is committed with the editor as
 * author and the running assistant answers the same question from that entry without a restart.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/config.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { startApp, type RunningApp } from '../../main.ts';
import { postChat, webChatBrowser } from '../helpers/http-chat.ts';

const REPO_KNOWLEDGE = resolve(import.meta.dirname, '../../knowledge');
const EDITOR = 'editor:editor-token-0123456789';
const AGENT = 'agent:agent-token-0123456789';
const QUESTION = 'is there a luggage storage near the station';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

describe('review queue API on the real server', () => {
  let app: RunningApp;
  let knowledgeDir: string;
  const api = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
    fetch(`${app.url}/staff/api${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${(init.token ?? EDITOR).split(':')[1]}`, 'content-type': 'application/json' },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
  const chat = (text: string) => postChat(app.url, { conversationId: `c-${Math.random()}`, text }, webChatBrowser());

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'hue-curation-'));
    knowledgeDir = join(root, 'repo', 'knowledge');
    cpSync(REPO_KNOWLEDGE, knowledgeDir, { recursive: true });
    git(join(root, 'repo'), 'init', '-q');
    git(join(root, 'repo'), 'add', '.');
    execFileSync('git', ['-C', join(root, 'repo'), '-c', 'user.name=Seed', '-c', 'user.email=seed@example.invalid', 'commit', '-qm', 'seed'], { encoding: 'utf8' });
    const topics = join(root, 'kb-topics.yaml');
    writeFileSync(topics, 'tourism:\n  - id: tour.getting-there\n    langs: [vi, en, ko, zh, ja, fr, de]\n  - id: tour.nowhere\n    langs: [vi]\n');
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'hue-curation-data-')),
      KNOWLEDGE_DIR: knowledgeDir,
      KB_TOPICS_FILE: topics,
      MODEL_DIR: mkdtempSync(join(tmpdir(), 'no-model-')),
      ASSISTANT_WORKERS: '0',
      STAFF_TOKENS: `${EDITOR},${AGENT}`,
      ...(process.env.MODEL_CACHE_DIR ? { MODEL_CACHE_DIR: process.env.MODEL_CACHE_DIR } : {}),
    });
    app = await startApp(config, silentLogger);
  }, 120_000);
  afterAll(() => app?.close());

  it('keeps the queue to editors', async () => {
    expect((await fetch(`${app.url}/staff/api/review`)).status).toBe(401);
    const agent = await api('/review', { token: AGENT });
    expect(agent.status).toBe(403);
    expect(await agent.json()).toMatchObject({ error: 'forbidden' });
    expect((await api('/review?status=nope')).status).toBe(400);
  });

  it('queues a refused question redacted, and answers it from the entry once an editor adds it', async () => {
    expect((await chat(QUESTION)).meta.intent).toBe('oos');
    await chat('my phone is 0905 123 456, is there a luggage storage near the station');
    const { groups } = (await (await api('/review')).json()) as { groups: { id: string; sample: string; count: number; lang: string; channels: Record<string, number>; candidates: unknown[] }[] };
    const group = groups.find((g) => g.sample === QUESTION)!;
    expect(group).toMatchObject({ lang: 'en', channels: { web: 1 } });
    expect(JSON.stringify(groups)).not.toContain('0905');

    const bad = await api(`/review/${group.id}/alternate`, { method: 'POST', body: { entryId: 'tour.no-such-entry' } });
    expect(bad.status).toBe(404);
    expect(await bad.json()).toMatchObject({ error: 'not_found', field: 'entryId' });

    const res = await api(`/review/${group.id}/alternate`, { method: 'POST', body: { entryId: 'tour.getting-there' } });
    const body = (await res.json()) as { group: { status: string }; edit: { file: string }; git: { commit?: string }; served: boolean; servedAfterMs: number };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ group: { status: 'added' }, edit: { file: 'entries/tourism/tour.getting-there.md' }, served: true });
    console.log(`add alternate → served by the assistant: ${body.servedAfterMs} ms`);

    const answered = await chat(QUESTION);
    expect(answered.meta).toMatchObject({ intent: 'answer' });
    expect((answered.meta as unknown as { sources: { id: string }[] }).sources[0]!.id).toBe('tour.getting-there');

    // One commit, by the editor, touching only that file.
    const repo = resolve(knowledgeDir, '..');
    expect(git(repo, 'log', '-1', '--format=%an|%s')).toMatch(/^token:[0-9a-f]{8}\|Knowledge: "is there a luggage storage near the station" as an alternate question of tour.getting-there \(en\)$/);
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD')).toBe('knowledge/entries/tourism/tour.getting-there.md');
    expect(body.git.commit).toBe(git(repo, 'rev-parse', 'HEAD'));
    expect(readFileSync(join(knowledgeDir, 'entries/tourism/tour.getting-there.md'), 'utf8')).toContain(`    - ${QUESTION}\n`);

    const again = await api(`/review/${group.id}/dismiss`, { method: 'POST', body: {} });
    expect(again.status).toBe(409);
  }, 300_000);

  it('reports knowledge health: translations missing against the topic list, usage, ratings', async () => {
    const res = await api('/knowledge-health');
    expect(res.status).toBe(200);
    const health = (await res.json()) as Record<string, unknown> & { missingTranslations: { entryId: string; missing: string[]; noEntry: boolean }[]; neverUsed: string[] };
    expect(health.missingTranslations).toEqual([
      { entryId: 'tour.getting-there', missing: ['de'], noEntry: false },
      { entryId: 'tour.nowhere', missing: ['vi'], noEntry: true },
    ]);
    // Usage is written in batches; the answer above shows up once flushed.
    expect(health.neverUsed).toContain('tour.bach-ma');
    expect(Array.isArray(health.worstRated)).toBe(true);
  });
});
