/**
 * Web-chat photo uploads: only within a live conversation, checked bytes and size, quotas per
 * conversation and for the folder, storage in the uploads folder, refs that only their own
 * conversation may attach, and clean-up of photos no ticket uses.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploadCleanup } from '../../adapters/channels/upload-cleanup.ts';
import { createUploadStore, isUploadRef, sniffImageType, uploadFile, type UploadStore } from '../../adapters/channels/uploads.ts';
import { createHttpApp } from '../../adapters/http/server.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { openSqliteTicketStore } from '../../adapters/stores/sqlite-ticket-store.ts';
import { createWebChatRouter } from '../../adapters/web/router.ts';
import type { Assistant } from '../../bot/assistant.ts';
import type { InboundMessage } from '../../bot/types.ts';
import { listen, type RunningServer } from '../helpers/fake-server.ts';
import { FakeClock, sampleTicket } from '../ticket-store.contract.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(40, 2)]);
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic'), Buffer.alloc(40, 3)]);

describe('image type from the bytes', () => {
  it('recognises JPEG, PNG, WebP and HEIC and nothing else', () => {
    expect([JPEG, PNG, WEBP, HEIC].map((b) => sniffImageType(b))).toEqual(['image/jpeg', 'image/png', 'image/webp', 'image/heic']);
    const avif = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypavif'), Buffer.alloc(20)]);
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(20)]);
    for (const other of [avif, mp4, Buffer.from('GIF89a....'), Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), Buffer.from('%PDF-1.7'), Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(0)]) {
      expect(sniffImageType(other)).toBeUndefined();
    }
  });

  it('takes as refs only the server’s own upload names', () => {
    expect(isUploadRef('uploads/0123456789abcdef-3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.jpg')).toBe(true);
    for (const ref of ['../../../../etc/passwd', 'uploads/../tickets.sqlite', 'uploads/3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.jpg/..', '/etc/passwd', 'uploads/x.jpg', 'https://example.org/a.jpg', 'uploads/0123456789abcdef-3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.svg']) {
      expect(isUploadRef(ref), ref).toBe(false);
      expect(uploadFile('/srv/uploads', ref)).toBeUndefined();
    }
  });
});

describe('web chat uploads', () => {
  let server: RunningServer;
  let root: string;
  let uploadsDir: string;
  let uploads: UploadStore;
  const live = new Set<string>();
  const turns: InboundMessage[] = [];
  const assistant: Assistant = {
    async handle(message) {
      turns.push(message);
      live.add(message.conversationId);
      return { text: 'ok', quickReplies: [], meta: { intent: 'answer', lang: 'en', confidence: 1, sources: [] } };
    },
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'web-up-'));
    uploadsDir = join(root, 'uploads');
    uploads = createUploadStore(uploadsDir, { maxBytes: 64 * 1024, perOwner: 3, totalBytes: 64 * 1024 * 4 });
    const app = createHttpApp({
      assistant,
      logger: silentLogger,
      ownsUpload: (owner, ref) => uploads.owns(owner, ref),
      routers: [{ path: '/', router: createWebChatRouter({ uploads, maxBytes: 64 * 1024, isLiveConversation: async (id) => live.has(id) }) }],
    });
    server = await listen(app);
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  /** A browser: keeps its identity cookie. */
  function browser() {
    let cookie = '';
    const call = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(server.url + path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
      const set = response.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return response;
    };
    return {
      chat: (body: Record<string, unknown>) => call('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      upload: (conversationId: string | undefined, body: BodyInit, contentType: string) =>
        call(`/api/uploads${conversationId ? `?conversationId=${encodeURIComponent(conversationId)}` : ''}`, { method: 'POST', headers: { 'content-type': contentType }, body }),
    };
  }

  it('serves the page with a strict content security policy', async () => {
    const response = await fetch(server.url + '/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('aria-live="polite"');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('refuses an upload without a live conversation, before reading the body', async () => {
    const b = browser();
    const none = await b.upload(undefined, new Uint8Array(PNG), 'image/png');
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ error: 'invalid_upload', field: 'conversationId' });
    // A body larger than the limit: the conversation is checked first, so it is not even read.
    const unknown = await b.upload('never-spoke', new Uint8Array(200 * 1024), 'image/png');
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toMatchObject({ error: 'no_conversation', reason: expect.stringMatching(/live chat conversation/) });
    expect(existsSync(uploadsDir) ? await readdir(uploadsDir) : []).toEqual([]);
  });

  it('stores JPEG, PNG, WebP and HEIC in the uploads folder, and JSON base64', async () => {
    const b = browser();
    expect((await b.chat({ conversationId: 'conv-types', text: 'hello' })).status).toBe(200);
    for (const [bytes, type, ext] of [[JPEG, 'image/jpeg', 'jpg'], [PNG, 'image/png', 'png'], [WEBP, 'image/webp', 'webp']] as const) {
      const response = await b.upload('conv-types', new Uint8Array(bytes), type);
      expect(response.status).toBe(201);
      const { ref, contentType } = (await response.json()) as { ref: string; contentType: string };
      expect(ref).toMatch(new RegExp(`^uploads/[0-9a-f]{16}-[0-9a-f-]{36}\\.${ext}$`));
      expect(contentType).toBe(type);
      expect(await readFile(uploadFile(uploadsDir, ref)!)).toEqual(bytes);
    }
    // The fourth photo of this conversation is over its quota of three.
    const over = await b.upload('conv-types', new Uint8Array(PNG), 'image/png');
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ error: 'conversation_quota' });
    await b.chat({ conversationId: 'conv-heic', text: 'hello' });
    const heic = await b.upload('conv-heic', JSON.stringify({ contentType: 'image/heic', dataBase64: HEIC.toString('base64') }), 'application/json');
    expect(heic.status).toBe(201);
    expect(((await heic.json()) as { ref: string }).ref).toMatch(/\.heic$/);
  });

  it('refuses too large (413), a wrong declared type (415), disguised bytes (415) and junk (400)', async () => {
    const b = browser();
    await b.chat({ conversationId: 'conv-bad', text: 'hello' });
    expect((await b.upload('conv-bad', new Uint8Array(100 * 1024), 'image/png')).status).toBe(413);
    expect((await b.upload('conv-bad', JSON.stringify({ contentType: 'image/png', dataBase64: Buffer.alloc(100 * 1024).toString('base64') }), 'application/json')).status).toBe(413);
    expect((await b.upload('conv-bad', new Uint8Array(PNG), 'image/gif')).status).toBe(415);
    const svg = await b.upload('conv-bad', new Uint8Array(Buffer.from('<svg></svg>')), 'image/png');
    expect(svg.status).toBe(415);
    expect(await svg.json()).toMatchObject({ error: 'unsupported_type', reason: expect.any(String) });
    expect((await b.upload('conv-bad', '{"nope": 1}', 'application/json')).status).toBe(400);
    expect((await b.upload('conv-bad', '{"nope": ', 'application/json')).status).toBe(400);
  });

  it('lets a chat message attach only its own conversation’s uploads', async () => {
    const alice = browser();
    const mallory = browser();
    await alice.chat({ conversationId: 'conv-alice', text: 'hello' });
    await mallory.chat({ conversationId: 'conv-mallory', text: 'hello' });
    const { ref } = (await (await alice.upload('conv-alice', new Uint8Array(PNG), 'image/png')).json()) as { ref: string };
    const attach = (b: ReturnType<typeof browser>, conversationId: string, refs: string[]) =>
      b.chat({ conversationId, attachments: refs.map((r) => ({ kind: 'image', ref: r })) });
    const before = turns.length;
    for (const foreign of ['../../../../etc/passwd', 'uploads/../tickets.sqlite', 'uploads/0123456789abcdef-3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.png']) {
      const refused = await attach(alice, 'conv-alice', [foreign]);
      expect(refused.status, foreign).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_request', field: 'attachments' });
    }
    // Another conversation, and another browser in the same conversation, cannot use Alice's photo.
    expect((await attach(mallory, 'conv-mallory', [ref])).status).toBe(400);
    expect((await attach(mallory, 'conv-alice', [ref])).status).toBe(400);
    expect(turns.length).toBe(before);
    const own = await attach(alice, 'conv-alice', [ref]);
    expect(own.status).toBe(200);
    expect(turns.at(-1)?.attachments).toEqual([{ kind: 'image', ref }]);
  });

  it('refuses photos once the folder holds its total quota', async () => {
    const small = createUploadStore(join(root, 'small'), { maxBytes: 1024, perOwner: 100, totalBytes: PNG.length * 2 });
    await small.save('a', PNG);
    await small.save('b', PNG);
    await expect(small.save('c', PNG)).rejects.toMatchObject({ reason: 'total-quota' });
    // The quota counts what is on disk when the process starts, too.
    const reopened = createUploadStore(join(root, 'small'), { maxBytes: 1024, perOwner: 100, totalBytes: PNG.length * 2 });
    await expect(reopened.save('d', PNG)).rejects.toMatchObject({ reason: 'total-quota' });
  });

  it('removes photos no ticket uses after the retention period and keeps the others', async () => {
    const dir = join(root, 'cleanup');
    const store = createUploadStore(dir, { maxBytes: 1024, perOwner: 100, totalBytes: 1024 * 1024 });
    const clock = new FakeClock(new Date());
    const tickets = openSqliteTicketStore({ file: ':memory:', clock });
    const used = await store.save('web:c1:u1', PNG);
    const abandoned = await store.save('web:c2:u2', PNG);
    const recent = await store.save('web:c3:u3', PNG);
    await tickets.create(sampleTicket({ photos: [used.ref, 'https://platform.example/photo.jpg'] }));
    const old = new Date(Date.now() - 72 * 3_600_000);
    for (const ref of [used.ref, abandoned.ref]) await utimes(uploadFile(dir, ref)!, old, old);
    // Something that is not an upload stays whatever its age.
    await writeFile(join(dir, 'README'), 'not a photo');
    await utimes(join(dir, 'README'), old, old);
    const cleanup = createUploadCleanup({ uploads: store, tickets, clock, logger: silentLogger, retentionHours: 48 });
    expect(await cleanup.runOnce()).toBe(1);
    expect(existsSync(uploadFile(dir, abandoned.ref)!)).toBe(false);
    expect(existsSync(uploadFile(dir, used.ref)!)).toBe(true);
    expect(existsSync(uploadFile(dir, recent.ref)!)).toBe(true);
    expect(existsSync(join(dir, 'README'))).toBe(true);
    // The removed photo no longer counts against its conversation, and can no longer be attached.
    expect(await store.owns('web:c2:u2', abandoned.ref)).toBe(false);
    expect(await cleanup.runOnce()).toBe(0);
    await tickets.close();
  });
});
