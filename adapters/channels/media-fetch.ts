/**
 * Downloads a user's photo from a platform, and only from there: the host must be on the
 * channel's allow-list, and the address it resolves to must not be private, loopback or
 * link-local (unless configured for tests). The address is checked at connect time, so a DNS
 * answer that changes between check and use cannot point the request inside the network.
 * Redirects are not followed.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface MediaPolicy {
  /** Host names media may come from, e.g. ["api.telegram.org"]. */
  allowedHosts: readonly string[];
  /** Loopback and private addresses allowed (tests with a local fake platform only). */
  allowPrivateAddresses: boolean;
}

export class MediaRefusedError extends Error {
  constructor(reason: string) {
    super(`media refused: ${reason}`);
    this.name = 'MediaRefusedError';
  }
}

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

/** Loopback, private, link-local (cloud metadata), carrier-grade NAT, multicast and reserved ranges. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    // IPv4 written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return PRIVATE.check(address, 'ipv4');
}

/** Checks the URL against the policy before any connection is made. */
export function checkMediaUrl(raw: string, policy: MediaPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MediaRefusedError('not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new MediaRefusedError(`scheme ${url.protocol}`);
  if (url.username || url.password) throw new MediaRefusedError('credentials in the URL');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!policy.allowedHosts.some((h) => h.toLowerCase() === host)) throw new MediaRefusedError(`host ${host} is not allowed`);
  if (isIP(host) && isPrivateAddress(host) && !policy.allowPrivateAddresses) throw new MediaRefusedError('private address');
  return url;
}

/** A DNS lookup that refuses to hand a private address to the socket. */
function guardedLookup(policy: MediaPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const usable = policy.allowPrivateAddresses ? addresses : addresses.filter((a) => !isPrivateAddress(a.address));
      if (!usable.length) return callback(new MediaRefusedError('the host resolves to a private address'), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

/** Fetches at most `maxBytes` from an allowed media URL; throws MediaRefusedError or a network error. */
export function fetchMedia(raw: string, policy: MediaPolicy, options: { maxBytes: number; timeoutMs?: number }): Promise<Uint8Array> {
  const url = checkMediaUrl(raw, policy);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', lookup: guardedLookup(policy), timeout: options.timeoutMs ?? 20_000 }, (res) => {
      if ((res.statusCode ?? 0) >= 300) {
        res.resume();
        return reject(new MediaRefusedError(`status ${res.statusCode}`));
      }
      if (Number(res.headers['content-length'] ?? 0) > options.maxBytes) {
        res.destroy();
        return reject(new MediaRefusedError('too large'));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          res.destroy();
          reject(new MediaRefusedError('too large'));
        } else chunks.push(chunk);
      });
      res.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
