/**
 * User photos, stored in the uploads folder (UPLOADS_DIR, outside the database folder). Only
 * images recognised by their bytes are kept. Web-chat uploads are named after the conversation
 * that sent them, so a chat message can only attach its own conversation's photos, and quotas
 * per conversation and for the whole folder bound the disk they take.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const IMAGE_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic' } as const;
export type ImageType = keyof typeof IMAGE_TYPES;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** What a ref looks like: `uploads/` + an optional owner tag + a UUID + the type's extension. Nothing else is ours. */
const REF = /^uploads\/(?:([0-9a-f]{16})-)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(jpg|png|webp|heic)$/;
const FILE = /^(?:([0-9a-f]{16})-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|webp|heic)$/;

export interface StoredUpload {
  /** "uploads/<name>"; the file is <uploads folder>/<name>. */
  ref: string;
  contentType: ImageType;
  bytes: number;
}

// HEIF brands of HEIC photos (iPhones) and of HEIF image collections; AVIF ('avif') is not taken.
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** Sniffs the type from magic bytes; the declared type is not trusted. */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  // ISO base media: a box size, then 'ftyp' and the major brand.
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp' && HEIC_BRANDS.has(ascii(8, 12))) return 'image/heic';
  return undefined;
}

export type UploadRejection = 'too-large' | 'unsupported-type' | 'empty' | 'conversation-quota' | 'total-quota';

export class UploadRejectedError extends Error {
  constructor(readonly reason: UploadRejection) {
    super(`Upload rejected: ${reason}`);
    this.name = 'UploadRejectedError';
  }
}

function checkedType(bytes: Uint8Array, maxBytes: number): ImageType {
  if (bytes.length === 0) throw new UploadRejectedError('empty');
  if (bytes.length > maxBytes) throw new UploadRejectedError('too-large');
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new UploadRejectedError('unsupported-type');
  return contentType;
}

/** A photo a channel downloaded from its platform (Telegram), stored without an owner tag. */
export async function saveImage(uploadsDir: string, bytes: Uint8Array, maxBytes = MAX_IMAGE_BYTES): Promise<StoredUpload> {
  const contentType = checkedType(bytes, maxBytes);
  await mkdir(uploadsDir, { recursive: true });
  const name = `${randomUUID()}.${IMAGE_TYPES[contentType]}`;
  await writeFile(join(uploadsDir, name), bytes, { flag: 'wx' });
  return { ref: `uploads/${name}`, contentType, bytes: bytes.length };
}

/** Whether a string has the shape of one of our refs (no path, no other folder, no URL). */
export function isUploadRef(ref: string): boolean {
  return REF.test(ref);
}

/** The file behind a ref, or undefined when the ref is not one of ours. Never leaves the uploads folder. */
export function uploadFile(uploadsDir: string, ref: string): string | undefined {
  return REF.test(ref) ? join(uploadsDir, ref.slice('uploads/'.length)) : undefined;
}

export interface UploadLimits {
  maxBytes: number;
  /** Photos one owner (a web-chat conversation) may have stored at once. */
  perOwner: number;
  /** Bytes the whole uploads folder may hold. */
  totalBytes: number;
}

export interface UploadStore {
  readonly dir: string;
  /** Stores a photo for `owner`; throws UploadRejectedError. */
  save(owner: string, bytes: Uint8Array): Promise<StoredUpload>;
  /** Whether `ref` is a photo stored for `owner` and still there. */
  owns(owner: string, ref: string): Promise<boolean>;
  /**
   * Deletes photos older than `before` that `inUse` does not keep (refs attached to a ticket);
   * returns how many were deleted.
   */
  cleanUp(before: Date, inUse: (refs: string[]) => Promise<Set<string>>): Promise<number>;
}

const tagOf = (owner: string) => createHash('sha256').update(owner).digest('hex').slice(0, 16);

export function createUploadStore(dir: string, limits: UploadLimits): UploadStore {
  // What the folder holds, counted once from disk, then kept up to date by this process.
  let usage: Promise<{ total: number; perTag: Map<string, number> }> | undefined;
  const count = () =>
    (usage ??= (async () => {
      await mkdir(dir, { recursive: true });
      const perTag = new Map<string, number>();
      let total = 0;
      for (const name of await readdir(dir)) {
        if (!FILE.test(name)) continue;
        total += (await stat(join(dir, name)).catch(() => undefined))?.size ?? 0;
        const tag = FILE.exec(name)![1];
        if (tag) perTag.set(tag, (perTag.get(tag) ?? 0) + 1);
      }
      return { total, perTag };
    })());

  return {
    dir,
    async save(owner, bytes) {
      const contentType = checkedType(bytes, limits.maxBytes);
      const tag = tagOf(owner);
      const current = await count();
      if ((current.perTag.get(tag) ?? 0) >= limits.perOwner) throw new UploadRejectedError('conversation-quota');
      if (current.total + bytes.length > limits.totalBytes) throw new UploadRejectedError('total-quota');
      // Counted before the write, so concurrent uploads cannot all pass the same check.
      current.perTag.set(tag, (current.perTag.get(tag) ?? 0) + 1);
      current.total += bytes.length;
      const name = `${tag}-${randomUUID()}.${IMAGE_TYPES[contentType]}`;
      try {
        await writeFile(join(dir, name), bytes, { flag: 'wx' });
      } catch (error) {
        current.perTag.set(tag, (current.perTag.get(tag) ?? 1) - 1);
        current.total -= bytes.length;
        throw error;
      }
      return { ref: `uploads/${name}`, contentType, bytes: bytes.length };
    },
    async owns(owner, ref) {
      const m = REF.exec(ref);
      if (!m || m[1] !== tagOf(owner)) return false;
      return (await stat(join(dir, ref.slice('uploads/'.length))).catch(() => undefined))?.isFile() ?? false;
    },
    async cleanUp(before, inUse) {
      const current = await count();
      const old: { name: string; size: number }[] = [];
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (!FILE.test(name)) continue;
        const info = await stat(join(dir, name)).catch(() => undefined);
        if (info && info.mtime < before) old.push({ name, size: info.size });
      }
      if (old.length === 0) return 0;
      const kept = await inUse(old.map((f) => `uploads/${f.name}`));
      let deleted = 0;
      for (const file of old) {
        if (kept.has(`uploads/${file.name}`)) continue;
        if (!(await unlink(join(dir, file.name)).then(() => true, () => false))) continue;
        deleted += 1;
        current.total -= file.size;
        const tag = FILE.exec(file.name)![1];
        if (tag) current.perTag.set(tag, Math.max(0, (current.perTag.get(tag) ?? 1) - 1));
      }
      return deleted;
    },
  };
}
