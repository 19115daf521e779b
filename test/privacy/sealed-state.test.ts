/** Conversation state is sealed (AES-256-GCM) in Redis and in memory; the intake still reads it back. */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryConversationStore } from '../../adapters/state/memory-conversation-store.ts';
import { connectRedis, RedisConversationStore } from '../../adapters/state/redis-conversation-store.ts';
import { createStateSealer, SealedStateError, stateKeyFrom } from '../../adapters/state/state-sealer.ts';
import { newIntake } from '../../bot/complaints/intake-state.ts';

const PHONE = '0905123456';
const ID = '046201001234';
const EMAIL = 'lan.nguyen@example.com';
const intakeState = () => ({
  intake: { ...newIntake(new Date('2026-07-01T03:00:00Z'), { step: 'consent' }), phone: PHONE, description: `CCCD ${ID}, email ${EMAIL}` },
});
const personal = new RegExp([PHONE, ID, EMAIL, 'lan\\.nguyen'].join('|'));
const SECRET = randomBytes(32).toString('hex');

describe('sealed conversation state', () => {
  const redis = connectRedis('redis://127.0.0.1:6379');
  const prefix = `hue-test-sealed:${randomUUID()}:`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('keeps no phone, ID number or e-mail in clear in Redis, and reads the intake back', async () => {
    const store = new RedisConversationStore<ReturnType<typeof intakeState>>(redis, prefix, createStateSealer(stateKeyFrom(SECRET)));
    const state = intakeState();
    await store.set('web:c-1', state, 60);
    const raw = (await redis.get(`${prefix}web:c-1`))!;
    expect(raw).toMatch(/^v1\./);
    expect(raw).not.toMatch(personal);
    expect(raw).not.toContain('intake');
    expect(await store.get('web:c-1')).toEqual(state);

    // Another replica with the same secret reads it; under a different key it is no state at all.
    const replica = new RedisConversationStore<ReturnType<typeof intakeState>>(redis, prefix, createStateSealer(stateKeyFrom(SECRET)));
    expect((await replica.get('web:c-1'))?.intake.phone).toBe(PHONE);
    const stranger = new RedisConversationStore(redis, prefix, createStateSealer(stateKeyFrom(randomBytes(32).toString('hex'))));
    expect(await stranger.get('web:c-1')).toBeUndefined();
  });

  it('still reads state written in clear before sealing', async () => {
    const store = new RedisConversationStore<ReturnType<typeof intakeState>>(redis, prefix, createStateSealer(stateKeyFrom(SECRET)));
    await redis.set(`${prefix}web:old`, JSON.stringify({ lang: 'vi' }), 'EX', 60);
    expect(await store.get('web:old')).toEqual({ lang: 'vi' });
  });

  it('seals state in memory too', async () => {
    const store = new MemoryConversationStore<ReturnType<typeof intakeState>>();
    const state = intakeState();
    await store.set('web:c-2', state, 60);
    const held = JSON.stringify([...(store as unknown as { items: Map<string, unknown> }).items.values()]);
    expect(held).not.toMatch(personal);
    expect(await store.get('web:c-2')).toEqual(state);
  });

  it('detects tampering', () => {
    const sealer = createStateSealer(stateKeyFrom(SECRET));
    const sealed = sealer.seal('{"a":1}');
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    expect(() => sealer.open(flipped)).toThrow(SealedStateError);
    expect(sealer.seal('{"a":1}')).not.toBe(sealed);
  });

  it('never uses a nonce twice under one key, also across sealers sharing it', () => {
    const key = stateKeyFrom(SECRET);
    const replicas = [createStateSealer(key), createStateSealer(key)];
    const nonces = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      for (const sealer of replicas) nonces.add(Buffer.from(sealer.seal('{}').slice(3), 'base64url').subarray(0, 12).toString('hex'));
    }
    expect(nonces.size).toBe(10_000);
  });
});
