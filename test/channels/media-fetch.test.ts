import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMediaUrl, fetchMedia, isPrivateAddress } from '../../adapters/channels/media-fetch.ts';
import { listen, type RunningServer } from '../helpers/fake-server.ts';

describe('media fetches (SSRF guard)', () => {
  let server: RunningServer;
  let port: string;
  beforeAll(async () => {
    const app = express();
    app.get('/photo.jpg', (_req, res) => void res.type('image/jpeg').send(Buffer.alloc(100, 1)));
    app.get('/big.jpg', (_req, res) => void res.type('image/jpeg').send(Buffer.alloc(5000, 1)));
    app.get('/redirect', (_req, res) => res.redirect('http://169.254.169.254/latest/meta-data/'));
    server = await listen(app);
    port = new URL(server.url).port;
  });
  afterAll(() => server.close());

  it('knows private, loopback, link-local and mapped addresses from public ones', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', 'not-an-ip']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ['149.154.167.220', '8.8.8.8', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('refuses hosts off the allow-list, other schemes, credentials and private literals before connecting', () => {
    const policy = { allowedHosts: ['api.telegram.org', '127.0.0.1'], allowPrivateAddresses: false };
    expect(() => checkMediaUrl('https://evil.example/x.jpg', policy)).toThrow(/host evil.example is not allowed/);
    expect(() => checkMediaUrl('https://api.telegram.org.evil.example/x', policy)).toThrow(/not allowed/);
    expect(() => checkMediaUrl('file:///etc/passwd', policy)).toThrow(/scheme/);
    expect(() => checkMediaUrl('https://u:p@api.telegram.org/x', policy)).toThrow(/credentials/);
    expect(() => checkMediaUrl('http://127.0.0.1/x', policy)).toThrow(/private address/);
    expect(checkMediaUrl('https://api.telegram.org/file/bot1/x.jpg', policy).hostname).toBe('api.telegram.org');
  });

  it('refuses an allow-listed name that resolves to loopback, at connect time, unless private addresses are allowed', async () => {
    const url = `http://localhost:${port}/photo.jpg`;
    await expect(fetchMedia(url, { allowedHosts: ['localhost'], allowPrivateAddresses: false }, { maxBytes: 1000 })).rejects.toThrow(/resolves to a private address/);
    const bytes = await fetchMedia(url, { allowedHosts: ['localhost'], allowPrivateAddresses: true }, { maxBytes: 1000 });
    expect(bytes.length).toBe(100);
  });

  it('follows no redirect and stops at the size limit', async () => {
    const policy = { allowedHosts: ['127.0.0.1'], allowPrivateAddresses: true };
    await expect(fetchMedia(`http://127.0.0.1:${port}/redirect`, policy, { maxBytes: 1000 })).rejects.toThrow(/status 302/);
    await expect(fetchMedia(`http://127.0.0.1:${port}/big.jpg`, policy, { maxBytes: 1000 })).rejects.toThrow(/too large/);
  });
});
