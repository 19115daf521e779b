import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebChatRouter } from '../../adapters/web/router.ts';
import { listen, type RunningServer } from '../helpers/fake-server.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('web chat router', () => {
  let server: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'web-up-'));
    const app = express();
    app.use(createWebChatRouter({ dataDir, maxUploadBytes: 64 * 1024 }));
    server = await listen(app);
  });
  afterAll(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const upload = (body: BodyInit, contentType: string) => fetch(server.url + '/api/uploads', { method: 'POST', headers: { 'content-type': contentType }, body });

  it('serves the page with a strict content security policy', async () => {
    const response = await fetch(server.url + '/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('aria-live="polite"');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('stores a raw image body and returns a ref under uploads/', async () => {
    const response = await upload(new Uint8Array(PNG), 'image/png');
    expect(response.status).toBe(201);
    const { ref, contentType } = (await response.json()) as { ref: string; contentType: string };
    expect(ref).toMatch(/^uploads\/[\w-]+\.png$/);
    expect(contentType).toBe('image/png');
    expect(await readFile(join(dataDir, ref))).toEqual(PNG);
  });

  it('accepts JSON with base64 data', async () => {
    const response = await upload(JSON.stringify({ contentType: 'image/png', dataBase64: PNG.toString('base64') }), 'application/json');
    expect(response.status).toBe(201);
  });

  it('refuses too large (413), wrong type (415), disguised bytes (415) and junk (400)', async () => {
    expect((await upload(new Uint8Array(100 * 1024), 'image/png')).status).toBe(413);
    expect((await upload(JSON.stringify({ contentType: 'image/png', dataBase64: Buffer.alloc(100 * 1024).toString('base64') }), 'application/json')).status).toBe(413);
    expect((await upload(new Uint8Array(PNG), 'image/gif')).status).toBe(415);
    expect((await upload(new Uint8Array(Buffer.from('<svg></svg>')), 'image/png')).status).toBe(415);
    expect((await upload('{"nope": 1}', 'application/json')).status).toBe(400);
    expect((await upload('{"nope": ', 'application/json')).status).toBe(400);
  });
});
