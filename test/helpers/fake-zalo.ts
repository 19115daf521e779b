/** A fake Zalo OA Open API + OAuth server: accepts one access token at a time, rotates on refresh. */
import express from 'express';
import { listen, type RunningServer } from './fake-server.ts';

export interface ZaloSent {
  accessToken: string;
  userId: string;
  text: string;
}

export interface FakeZalo extends RunningServer {
  sent: ZaloSent[];
  /** Every CS call, including refused ones. */
  attempts: number;
  refreshes: { refreshToken: string; appId: string; secretKey: string }[];
  /** The only access token accepted now; anything else gets error −216. */
  validAccessToken: string;
  validRefreshToken: string;
}

export async function startFakeZalo(initial: { accessToken: string; refreshToken: string; appSecret: string }): Promise<FakeZalo> {
  const app = express();
  const fake = { sent: [], attempts: 0, refreshes: [], validAccessToken: initial.accessToken, validRefreshToken: initial.refreshToken } as unknown as FakeZalo;
  let generation = 1;
  app.post('/v3.0/oa/message/cs', express.json(), (req, res) => {
    fake.attempts++;
    const token = req.get('access_token') ?? '';
    if (token !== fake.validAccessToken) return void res.json({ error: -216, message: 'Access token is invalid' });
    const body = req.body as { recipient?: { user_id?: string }; message?: { text?: string } };
    fake.sent.push({ accessToken: token, userId: String(body.recipient?.user_id), text: String(body.message?.text) });
    res.json({ error: 0, message: 'Success', data: { message_id: `m${fake.sent.length}`, user_id: body.recipient?.user_id } });
  });
  app.post('/v4/oa/access_token', express.urlencoded({ extended: false }), (req, res) => {
    const form = req.body as Record<string, string>;
    fake.refreshes.push({ refreshToken: form['refresh_token'] ?? '', appId: form['app_id'] ?? '', secretKey: req.get('secret_key') ?? '' });
    if (form['refresh_token'] !== fake.validRefreshToken || req.get('secret_key') !== initial.appSecret || form['grant_type'] !== 'refresh_token') {
      return void res.json({ error: -14014, error_name: 'Invalid refresh token' });
    }
    generation++;
    fake.validAccessToken = `access-${generation}`;
    fake.validRefreshToken = `refresh-${generation}`;
    res.json({ access_token: fake.validAccessToken, refresh_token: fake.validRefreshToken, expires_in: '90000' });
  });
  return Object.assign(fake, await listen(app));
}
