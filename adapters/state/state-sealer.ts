/**
 * Conversation state is sealed with AES-256-GCM before it is stored, so the phone, ID number or
 * e-mail a person typed during an intake is never in clear in Redis or in memory dumps.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface StateSealer {
  seal(json: string): string;
  /** The JSON text back; text written before sealing (no version mark) is returned as it is. */
  open(stored: string): string;
}

export class SealedStateError extends Error {
  constructor() {
    super('conversation state does not open with this key');
    this.name = 'SealedStateError';
  }
}

/** The state key from the service secret (WEB_CHAT_SECRET), so replicas sharing it read each other's state. */
export function stateKeyFrom(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'hue-assistant', 'conversation-state', 32));
}

/**
 * GCM nonces by the deterministic construction (NIST SP 800-38D 8.2.1): a random field fixed per
 * sealer and a counter, so no two seals under one key share a nonce without a random draw per
 * state write. Replicas sharing the key each draw their own 64-bit field; it is drawn again
 * before the 32-bit counter could repeat.
 */
function nonceSource(): () => Buffer {
  const FIXED_BYTES = IV_BYTES - 4;
  let fixed = randomBytes(FIXED_BYTES);
  let counter = 0;
  return () => {
    if (counter === 0xffffffff) {
      fixed = randomBytes(FIXED_BYTES);
      counter = 0;
    }
    const iv = Buffer.allocUnsafe(IV_BYTES);
    fixed.copy(iv, 0);
    iv.writeUInt32BE(counter++, FIXED_BYTES);
    return iv;
  };
}

export function createStateSealer(key: Buffer): StateSealer {
  if (key.length !== 32) throw new Error('the conversation state key must be 32 bytes');
  const nextNonce = nonceSource();
  return {
    seal(json) {
      const iv = nextNonce();
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
      return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(stored) {
      if (!stored.startsWith(VERSION)) return stored;
      const raw = Buffer.from(stored.slice(VERSION.length), 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SealedStateError();
      }
    },
  };
}

/** No sealing, for state that carries no personal data (button payloads, claims) and must read the same in every process. */
export const unsealedState: StateSealer = { seal: (json) => json, open: (stored) => stored };

let processSealer: StateSealer | undefined;

/** For stores built without a configured key (tests, tools): a key that lives as long as the process. */
export function processStateSealer(): StateSealer {
  processSealer ??= createStateSealer(randomBytes(32));
  return processSealer;
}

/** Parsed state, or undefined when it was sealed under another key (a rotated secret): the conversation starts afresh. */
export function openState(sealer: StateSealer, stored: string): unknown {
  try {
    return JSON.parse(sealer.open(stored));
  } catch (error) {
    if (error instanceof SealedStateError) return undefined;
    throw error;
  }
}
