/**
 * A local token issuer: an RSA key pair made for the test, its public half published as a JWKS
 * at `/<tenant>/discovery/v2.0/keys` (where the Agents SDK looks for an Entra authority's keys),
 * and RS256 tokens signed with it. Nothing leaves 127.0.0.1.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import express from 'express';
import { listen, type RunningServer } from './fake-server.ts';

export const TENANT = '11111111-2222-3333-4444-555555555555';

export interface FakeEntra extends RunningServer {
  /** Give as the channel's `authority`. */
  authority: string;
  /** The issuer the SDK accepts for this authority and tenant. */
  issuer: string;
  /** How often the key set was fetched. */
  keyFetches: number;
  /** When set, the key set answers with this HTTP status instead. */
  failWith?: number;
  /** A token signed with the published key (or `key`), with `kid` in its header. */
  sign(claims: Record<string, unknown>, options?: { kid?: string; key?: KeyObject }): string;
  /** A key pair that is not published. */
  strangerKey: KeyObject;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signToken(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

export async function startFakeEntra(): Promise<FakeEntra> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const app = express();
  const state = { keyFetches: 0, failWith: undefined as number | undefined };
  app.get(`/${TENANT}/discovery/v2.0/keys`, (_req, res) => {
    state.keyFetches++;
    if (state.failWith) return void res.status(state.failWith).send('unavailable');
    res.json({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'key-1', use: 'sig', alg: 'RS256' }] });
  });
  const server = await listen(app);
  const fake: FakeEntra = {
    ...server,
    authority: server.url,
    issuer: `${server.url}/${TENANT}/v2.0`,
    get keyFetches() {
      return state.keyFetches;
    },
    get failWith() {
      return state.failWith;
    },
    set failWith(status) {
      state.failWith = status;
    },
    sign: (claims, options = {}) => signToken(claims, options.key ?? privateKey, options.kid ?? 'key-1'),
    strangerKey: stranger.privateKey,
  };
  return fake;
}

/** Claims a valid token for `appId` from `issuer` carries, valid for ten minutes. */
export function claimsFor(appId: string, issuer: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: issuer, aud: appId, iat: now, nbf: now - 60, exp: now + 600, ...extra };
}
