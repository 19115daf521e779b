/**
 * Password hashing with scrypt (memory-hard). The stored form carries its own parameters,
 * so they can be raised later without invalidating existing hashes:
 * `scrypt$N$r$p$salt$hash` (salt and hash base64url).
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

// 2^15 × 8 × 128 bytes = 32 MiB per hash: costly to brute-force, still ~100 ms on one core.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const maxmem = 128 * N * R * 2;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export class WeakPasswordError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'WeakPasswordError';
  }
}

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new WeakPasswordError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new WeakPasswordError(`a password has at most ${MAX_PASSWORD_LENGTH} characters`);
}

export async function hashPassword(password: string): Promise<string> {
  checkPasswordStrength(password);
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N, r: R, p: P, maxmem });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || password.length > MAX_PASSWORD_LENGTH) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await scrypt(password.normalize('NFC'), salt, expected.length, { N: n, r, p, maxmem: 128 * n * r * 2 });
  return timingSafeEqual(key, expected);
}

/** A one-time password a person can type: 20 characters from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679';
  const bytes = randomBytes(20);
  // 256 is not a multiple of 50; rejection of the top values keeps the choice uniform.
  let out = '';
  let pool = bytes;
  let i = 0;
  while (out.length < 20) {
    if (i >= pool.length) {
      pool = randomBytes(20);
      i = 0;
    }
    const b = pool[i++]!;
    if (b < 250) out += alphabet[b % 50];
  }
  return out;
}
