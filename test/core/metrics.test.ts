import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../adapters/observability/metrics.ts';
import { openTicketStore } from '../../adapters/stores/open-ticket-store.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import { createFakeAssistant } from '../helpers/fake-assistant.ts';
import { sampleTicket } from '../ticket-store.contract.ts';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function serve(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The value of one sample line, e.g. `hue_messages_total{channel="web",intent="answer",lang="en"}`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const [series, value] = line.split(' ');
    const rest = series!.slice(name.length);
    if (rest && !rest.startsWith('{')) continue;
    if (wanted.every((w) => rest.includes(w)) && (wanted.length > 0 || rest === '')) return Number(value);
  }
  return undefined;
}

async function ticketStore(): Promise<TicketStore> {
  const dir = mkdtempSync(join(tmpdir(), 'hue-metrics-'));
  const store = await openTicketStore({ dataDir: dir, codePrefix: 'HUE' });
  closers.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
  return store;
}

describe('GET /metrics', () => {
  it('counts messages by channel, intent and language, answer confidence and refusals', async () => {
    const metrics = createMetrics();
    const fake = createFakeAssistant();
    const assistant = metrics.instrument(fake);
    await assistant.handle({ channel: 'web', conversationId: 'c1', userId: 'u1', text: 'hours?' });
    await assistant.handle({ channel: 'web', conversationId: 'c1', userId: 'u1', text: 'hours again' });
    fake.override = { meta: { intent: 'oos', lang: 'vi', confidence: 0.2, sources: [] } };
    await assistant.handle({ channel: 'telegram', conversationId: 'c2', userId: 'u2', text: 'giá bitcoin' });
    const app = express();
    app.use(metrics.router());
    const url = await serve(app);
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(sample(text, 'hue_messages_total', { channel: 'web', intent: 'answer', lang: 'en' })).toBe(2);
    expect(sample(text, 'hue_messages_total', { channel: 'telegram', intent: 'oos', lang: 'vi' })).toBe(1);
    expect(sample(text, 'hue_refusals_total', { channel: 'telegram', lang: 'vi' })).toBe(1);
    expect(sample(text, 'hue_answer_confidence_count', { lang: 'en' })).toBe(2);
    expect(sample(text, 'hue_answer_confidence_count', { lang: 'vi' })).toBeUndefined();
    expect(sample(text, 'hue_process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('passes the assistant\'s other questions through unchanged', async () => {
    const metrics = createMetrics();
    const live = new Set(['web:c1']);
    const inner = { ...createFakeAssistant(), hasConversation: async (channel: string, id: string) => live.has(`${channel}:${id}`) };
    const assistant = metrics.instrument(inner);
    expect(await assistant.hasConversation?.('web', 'c1')).toBe(true);
    expect(await assistant.hasConversation?.('web', 'c2')).toBe(false);
  });

  it('reports tickets by category and status, the outbox backlog and handoffs waiting from their stores', async () => {
    const store = await ticketStore();
    let waiting = 3;
    const metrics = createMetrics({ ticketCounts: () => store.counts(), handoffsWaiting: async () => waiting });
    const first = await store.create(sampleTicket());
    await store.create(sampleTicket());
    await store.changeStatus(first.code, { status: 'in_progress', publicNote: 'On the way', by: 'staff' });
    const app = express();
    app.use(metrics.router());
    const url = await serve(app);
    let text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, 'hue_tickets', { category: 'street-lighting', status: 'received' })).toBe(1);
    expect(sample(text, 'hue_tickets', { category: 'street-lighting', status: 'in_progress' })).toBe(1);
    expect(sample(text, 'hue_outbox_pending')).toBe(1);
    expect(sample(text, 'hue_handoffs_waiting')).toBe(3);
    waiting = 0;
    await store.changeStatus(first.code, { status: 'resolved', by: 'staff' });
    text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, 'hue_tickets', { category: 'street-lighting', status: 'in_progress' })).toBeUndefined();
    expect(sample(text, 'hue_tickets', { category: 'street-lighting', status: 'resolved' })).toBe(1);
    expect(sample(text, 'hue_outbox_pending')).toBe(2);
    expect(sample(text, 'hue_handoffs_waiting')).toBe(0);
  });

  it('times the requests a webhook router answers, by channel and status, and not the ones it passes on', async () => {
    const metrics = createMetrics();
    const hook = express.Router();
    hook.post('/telegram/webhook', (_req, res) => void res.status(200).json({ ok: true }));
    hook.post('/telegram/refused', (_req, res) => void res.status(401).json({ error: 'unauthorized' }));
    const app = express();
    app.use('/', metrics.timeWebhooks('telegram', hook));
    app.use(metrics.router());
    app.use((_req, res) => void res.status(404).json({ error: 'not_found' }));
    const url = await serve(app);
    await fetch(`${url}/telegram/webhook`, { method: 'POST' });
    await fetch(`${url}/telegram/webhook`, { method: 'POST' });
    await fetch(`${url}/telegram/refused`, { method: 'POST' });
    await fetch(`${url}/somewhere-else`, { method: 'POST' });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, 'hue_webhook_duration_seconds_count', { channel: 'telegram', status: '200' })).toBe(2);
    expect(sample(text, 'hue_webhook_duration_seconds_count', { channel: 'telegram', status: '401' })).toBe(1);
    expect(sample(text, 'hue_webhook_duration_seconds_count', { channel: 'telegram', status: '404' })).toBeUndefined();
  });
});
