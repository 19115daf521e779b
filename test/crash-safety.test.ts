/**
 * Crash safety: complaints filed through Open311 and through chat intakes while the server is
 * SIGKILLed and restarted several times, on SQLite and on PostgreSQL (fresh schema, with Redis).
 * Afterwards every acknowledged ticket exists, none exists twice, and the outbox notifications
 * pending at each kill are delivered after the restart. Prints acknowledged / stored / duplicates.
 *
 * That notifications are pending at each kill is made certain, not left to timing: a ticket filed
 * over Telegram gets a status change before each kill, and the fake Telegram API leaves that update
 * unanswered until the server is dead, so it is claimed and unsent when the kill comes. After the
 * restart the fake answers again and the update must arrive there.
 *
 * Clients behave as real ones do: an Open311 request that got no answer is sent again with the
 * same Idempotency-Key once the server is back; a chat turn that got no answer is sent again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { m } from '../bot/complaints/messages/index.ts';
import { loadKnowledge } from '../knowledge/src/loader.ts';
import { fileComplaintOver, telegramDriver, waitFor, type TelegramDriver } from './helpers/channel-drivers.ts';
import { startFakeTelegram, type FakeTelegram } from './helpers/fake-telegram.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const KILLS = 3;
const LOAD_MS = 2000;
const OPEN311_CLIENTS = 4;
const CHAT_CLIENTS = 2;
const STAFF = 'crash-staff-token';
const API_KEY = 'crash-open311-key';
const TELEGRAM_TOKEN = '123456789:AAH-crash_token_abcdefghijklmnopqrstu';
const TELEGRAM_SECRET = 'crash_webhook-secret';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean();
});

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

interface Store {
  name: string;
  env: Record<string, string>;
  /** Every ticket row the run filed: its code and the marker its description carries. */
  tickets(): Promise<{ code: string; description: string }[]>;
  outbox(): Promise<{ id: string; state: string; channel: string }[]>;
}

function sqliteStore(dataDir: string): Store {
  const read = <T>(sql: string) => {
    const db = new Database(join(dataDir, 'tickets.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  return {
    name: 'sqlite',
    env: {},
    tickets: async () => read('SELECT code, description FROM tickets'),
    outbox: async () => read('SELECT id, state, channel FROM outbox'),
  };
}

function pgStore(): Store {
  const schema = `crash_${randomBytes(6).toString('hex')}`;
  const prefix = `test:crash:${randomBytes(6).toString('hex')}:`;
  const query = async <T extends pg.QueryResultRow>(sql: string) => {
    const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  cleanups.push(async () => {
    await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });
  return {
    name: 'postgres',
    env: { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema, REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: prefix },
    tickets: () => query('SELECT code, description FROM tickets'),
    outbox: () => query('SELECT id::text, state, channel FROM outbox'),
  };
}

/** The run's shared log file (test/setup/log-capture.ts): each server logs to its own, appended there at the end. */
const RUN_LOG = process.env.LOG_FILE;
let servers = 0;

async function start(env: Record<string, string>): Promise<Running> {
  const logFile = join(env.DATA_DIR!, '..', `server-${++servers}.log`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], { cwd: ROOT, env: { ...process.env, ...env, LOG_FILE: logFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '') + output;
  cleanups.push(() => {
    if (RUN_LOG && existsSync(logFile)) appendFileSync(RUN_LOG, readFileSync(logFile, 'utf8'));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const listening = logLines(log()).find((l) => l.msg === 'hue-assistant listening');
      if (listening) {
        clearInterval(timer);
        resolve(String(listening.url));
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`server exited before listening:\n${log()}`));
      }
    }, 50);
  });
  return { child, url, exited };
}

/** The server's JSON log lines (other output is skipped). */
function logLines(log: string): Record<string, unknown>[] {
  return log.split('\n').flatMap((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The live server's address, waiting through a restart; throws once the run is over and nobody restarts it. */
class ServerHandle {
  current: Running | undefined;
  private waiters: ((url: string) => void)[] = [];
  set(running: Running | undefined) {
    this.current = running;
    if (running) for (const w of this.waiters.splice(0)) w(running.url);
  }
  url(): Promise<string> {
    return this.current ? Promise.resolve(this.current.url) : new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** Sends until the server answers (a lost answer or a refused connection is retried after the restart). */
async function send(server: ServerHandle, path: string, init: RequestInit): Promise<Response> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = await server.url();
    try {
      const response = await fetch(base + path, { ...init, signal: AbortSignal.timeout(15_000) });
      if (response.status < 500) return response;
    } catch {
      // Killed under us: try again when it is back.
    }
    await pause(100);
  }
  throw new Error(`no answer for ${path}`);
}

interface Tally {
  acknowledged: Map<string, string>;
  markers: Set<string>;
}

async function open311Client(server: ServerHandle, run: string, id: number, until: () => boolean, tally: Tally): Promise<void> {
  for (let n = 0; !until(); n++) {
    const marker = `${run}-o${id}-${n}`;
    tally.markers.add(marker);
    const response = await send(server, '/open311/v2/requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': marker },
      body: JSON.stringify({ api_key: API_KEY, service_code: 'roads-traffic', description: `pothole in front of the house, ref ${marker}`, address_string: `${n} Lê Lợi, ${marker}` }),
    });
    const body = (await response.json()) as { service_request_id?: string }[];
    if (response.status === 201 && body[0]?.service_request_id) tally.acknowledged.set(body[0].service_request_id, marker);
    else throw new Error(`open311 answered ${response.status}: ${JSON.stringify(body)}`);
  }
}

async function chatClient(server: ServerHandle, run: string, id: number, until: () => boolean, tally: Tally, webTickets: string[]): Promise<void> {
  for (let n = 0; !until(); n++) {
    const marker = `${run}-c${id}-${n}`;
    const conversationId = `crash-${marker}`;
    let cookie = '';
    const turn = async (fields: Record<string, unknown>) => {
      const response = await send(server, '/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ conversationId, ...fields }),
      });
      const set = response.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return (await response.json()) as { replies: { text: string }[]; meta: { intent: string; ticketCode?: string } };
    };
    tally.markers.add(marker);
    const first = await turn({ text: `the taxi from the airport charged me 900k, way more than the meter, ref ${marker}`, lang: 'en' });
    if (first.meta.intent !== 'complaint') continue;
    await turn({ text: 'yes' });
    await turn({ text: `Taxi rank ${marker} outside Phu Bai airport arrivals` });
    await turn({ postback: 'intake:skip' });
    const summary = await turn({ postback: 'intake:skip' });
    // A restart in between loses the intake held in memory: that report was never acknowledged.
    if (!/Please check/.test(summary.replies[0]!.text)) continue;
    const filed = await turn({ postback: 'intake:confirm' });
    if (filed.meta.intent === 'complaint' && filed.meta.ticketCode && /report has been sent/i.test(filed.replies[0]!.text)) {
      tally.acknowledged.set(filed.meta.ticketCode, marker);
      webTickets.push(filed.meta.ticketCode);
    }
  }
}

const markerOf = (description: string) => /ref (\S+)$/.exec(description)?.[1];

/** Files the street-lighting report over Telegram, walking the Vietnamese intake. */
async function fileOverTelegram(tg: TelegramDriver, marker: string): Promise<string> {
  const category = loadKnowledge(join(ROOT, 'knowledge')).categories.find((c) => c.id === 'street-lighting')!;
  const labels = { category: category.name.vi!, skip: m('vi', 'button.skip'), confirm: m('vi', 'button.confirm'), fileNew: m('vi', 'button.new'), no: m('vi', 'button.no') };
  return fileComplaintOver(tg, `đèn đường trước số 12 Lê Lợi tắt cả tuần nay rồi, ref ${marker}`, { lat: 16.4637, lng: 107.5909 }, labels);
}

async function changeStatus(url: string, code: string, publicNote: string): Promise<Response> {
  return fetch(`${url}/staff/api/tickets/${code}/status`, {
    method: 'POST',
    headers: { authorization: `Bearer ${STAFF}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'in_progress', publicNote }),
  });
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`crash safety on ${kind}`, () => {
    it(`loses no acknowledged ticket and files none twice across ${KILLS} SIGKILLs`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `hue-crash-${kind}-`));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const dataDir = join(dir, 'data');
      const store = kind === 'sqlite' ? sqliteStore(dataDir) : pgStore();
      const telegram: FakeTelegram = await startFakeTelegram();
      cleanups.push(() => telegram.close());
      const env = {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        UPLOADS_DIR: join(dir, 'uploads'),
        MODEL_DIR: join(dir, 'no-model'),
        KNOWLEDGE_WATCH: 'false',
        ASSISTANT_WORKERS: '0',
        LOG_LEVEL: 'info',
        STAFF_TOKENS: STAFF,
        OPEN311_API_KEYS: API_KEY,
        CHAT_LIMIT_PER_CONVERSATION: '0',
        CHAT_LIMIT_PER_IP: '0',
        // An update claimed by the killed server is sent again after this lease.
        OUTBOX_LEASE_SECONDS: '3',
        TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        TELEGRAM_API_ROOT: telegram.url,
        ...store.env,
      };
      const run = randomBytes(3).toString('hex');
      const server = new ServerHandle();
      const tally: Tally = { acknowledged: new Map(), markers: new Set() };
      const webTickets: string[] = [];
      let done = false;
      const pendingAtKill = new Set<string>();
      const started = Date.now();

      server.set(await start(env));
      process.stderr.write(`crash ${kind}: first start after ${Date.now() - started} ms\n`);
      // Through the whole run the staff's updates on this ticket go to Telegram, one before each kill.
      const tg = telegramDriver({ appUrl: server.current!.url, api: telegram, secret: TELEGRAM_SECRET, chatId: 6_660_001, languageCode: 'vi' });
      const telegramTicket = await fileOverTelegram(tg, `${run}-t0`);
      tally.markers.add(`${run}-t0`);
      tally.acknowledged.set(telegramTicket, `${run}-t0`);
      const toTelegram = (call: { method: string; body: Record<string, unknown> }) => call.method === 'sendMessage' && String(call.body['chat_id']) === tg.address;
      const arrived = (note: string) => telegram.callsTo('sendMessage').some((c) => toTelegram(c) && String(c.body['text']).includes(note));
      const telegramNotes: string[] = [];
      const telegramPendingAtKill: number[] = [];
      const webPendingAtKill: number[] = [];
      const clients = [
        ...Array.from({ length: OPEN311_CLIENTS }, (_, i) => open311Client(server, run, i, () => done, tally)),
        ...Array.from({ length: CHAT_CLIENTS }, (_, i) => chatClient(server, run, i, () => done, tally, webTickets)),
      ];
      for (let kill = 0; kill < KILLS; kill++) {
        await pause(LOAD_MS);
        // The previous kill's Telegram update has come through, so this one is the next the outbox sends.
        const previous = telegramNotes.at(-1);
        if (previous) await waitFor(() => arrived(previous), `the Telegram update held at kill ${kill} after the restart`, 20_000);
        const live = server.current!;
        // Status changes the reporters must hear about. Telegram stops answering first, so the
        // dispatcher claims the Telegram ticket's update and waits on it until the kill; the web
        // reporters' updates, committed behind it, wait too. The kill comes as soon as one is committed.
        const note = `Round ${kill + 1}: the lighting team is on its way.`;
        telegramNotes.push(note);
        telegram.hold((call) => toTelegram(call) && String(call.body['text']).includes(note));
        const telegramChange = await changeStatus(live.url, telegramTicket, note);
        expect(telegramChange.status, await telegramChange.clone().text()).toBe(200);
        await waitFor(() => telegram.held.some((c) => String(c.body['text']).includes(note)), `the server sending "${note}"`, 10_000);
        const changes = webTickets.splice(0).flatMap((code) => ['A team is on its way.', 'The team has arrived.'].map((publicNote) => changeStatus(live.url, code, publicNote)));
        await Promise.any(changes.map(async (change) => ((await change).ok ? undefined : Promise.reject(new Error('not changed'))))).catch(() => undefined);
        server.set(undefined);
        live.child.kill('SIGKILL');
        await live.exited;
        await Promise.allSettled(changes);
        const pending = (await store.outbox()).filter((item) => item.state === 'pending');
        for (const item of pending) if (item.channel === 'web' || item.channel === 'telegram') pendingAtKill.add(item.id);
        telegramPendingAtKill.push(pending.filter((item) => item.channel === 'telegram').length);
        webPendingAtKill.push(pending.filter((item) => item.channel === 'web').length);
        // Telegram answers again, for the restarted server.
        telegram.release();
        server.set(await start(env));
        process.stderr.write(`crash ${kind}: kill ${kill + 1} done, acknowledged so far ${tally.acknowledged.size}\n`);
      }
      await pause(LOAD_MS);
      done = true;
      await Promise.all(clients);

      // Every notification pending at a kill is delivered by the restarted server.
      const deadline = Date.now() + 20_000;
      let undelivered = [...pendingAtKill];
      while (Date.now() < deadline) {
        const states = new Map((await store.outbox()).map((o) => [o.id, o.state]));
        undelivered = [...pendingAtKill].filter((id) => states.get(id) !== 'delivered');
        if (undelivered.length === 0 && telegramNotes.every(arrived)) break;
        await pause(250);
      }
      const telegramArrived = telegramNotes.filter(arrived).length;
      const final = server.current!;
      final.child.kill('SIGTERM');
      await final.exited;

      const rows = (await store.tickets()).filter((t) => markerOf(t.description)?.startsWith(`${run}-`));
      const byMarker = new Map<string, string[]>();
      for (const row of rows) byMarker.set(markerOf(row.description)!, [...(byMarker.get(markerOf(row.description)!) ?? []), row.code]);
      const duplicates = [...byMarker.values()].filter((codes) => codes.length > 1).length;
      const codes = new Set(rows.map((r) => r.code));
      const lost = [...tally.acknowledged.keys()].filter((code) => !codes.has(code));
      const viaChat = [...tally.acknowledged.values()].filter((m) => m.includes('-c')).length;
      const viaOpen311 = [...tally.acknowledged.values()].filter((m) => m.includes('-o')).length;
      console.log(
        `crash safety on ${kind}: ${KILLS} SIGKILLs in ${Math.round((Date.now() - started) / 1000)} s; acknowledged ${tally.acknowledged.size} ` +
          `(${viaOpen311} Open311, ${viaChat} web chat, ${tally.acknowledged.size - viaOpen311 - viaChat} Telegram), stored ${rows.length}, duplicates ${duplicates}, lost ${lost.length}; ` +
          `outbox pending at the kills ${pendingAtKill.size}, delivered after restart ${pendingAtKill.size - undelivered.length}; ` +
          `pending per kill: Telegram ${telegramPendingAtKill.join('/')}, web ${webPendingAtKill.join('/')}; Telegram updates arrived after restart ${telegramArrived} of ${telegramNotes.length}`,
      );
      expect(lost).toEqual([]);
      expect(duplicates).toBe(0);
      // A ticket the client never heard about may exist (filed as the process died), but only once and only for a request sent.
      for (const marker of byMarker.keys()) expect(tally.markers.has(marker)).toBe(true);
      expect(tally.acknowledged.size).toBeGreaterThan(KILLS * 5);
      expect(viaChat).toBeGreaterThan(0);
      // At every kill the held Telegram update was pending, and each one reached Telegram afterwards.
      expect(telegramPendingAtKill).toHaveLength(KILLS);
      for (const pending of telegramPendingAtKill) expect(pending).toBeGreaterThan(0);
      // Web updates committed while the dispatcher waited on Telegram were pending too.
      expect(webPendingAtKill.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(undelivered).toEqual([]);
      expect(telegramArrived).toBe(KILLS);
    }, 150_000);
  });
}
