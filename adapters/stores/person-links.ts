/**
 * Person keys: an HMAC-SHA-256 of the phone number (national form) under a key derived from the
 * service secret (WEB_CHAT_SECRET). The link table never holds a number; without the secret a
 * copy of it cannot be reversed by hashing every possible number; replicas sharing the secret
 * compute the same key.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { PersonLinks, PersonLinkStore } from '../../bot/notices/ports.ts';

export function personKeySecretFrom(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'hue-assistant', 'person-link', 32));
}

let processSecret: Buffer | undefined;

/** For assistants built without a configured secret (tests, tools): links match within this process only. */
export function processPersonKeySecret(): Buffer {
  processSecret ??= randomBytes(32);
  return processSecret;
}

export function personKeyOf(secret: Buffer, phone: string): string {
  return createHmac('sha256', secret).update(phone.trim(), 'utf8').digest('base64url');
}

export function createPersonLinks(options: { store: PersonLinkStore; secret: Buffer }): PersonLinks {
  if (options.secret.length < 32) throw new Error('the person-link secret must be at least 32 bytes');
  return {
    async linkOwnPhone(address, phone, now, ticketId) {
      await options.store.link({ ...address, personKey: personKeyOf(options.secret, phone), source: 'contact', ...(ticketId ? { ticketId } : {}) }, now);
    },
    async linkReport(ticketId, phone) {
      await options.store.linkReport(ticketId, personKeyOf(options.secret, phone));
    },
  };
}
