/** Stores user photos under DATA_DIR/uploads. Only images we can recognise by their bytes. */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const IMAGE_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export type ImageType = keyof typeof IMAGE_TYPES;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export interface StoredUpload {
  /** Path relative to the data folder, e.g. "uploads/3f…9.jpg". */
  ref: string;
  contentType: ImageType;
  bytes: number;
}

/** Sniffs the type from magic bytes; the declared type is not trusted. */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

export class UploadRejectedError extends Error {
  constructor(readonly reason: 'too-large' | 'unsupported-type' | 'empty') {
    super(`Upload rejected: ${reason}`);
    this.name = 'UploadRejectedError';
  }
}

export async function saveImage(dataDir: string, bytes: Uint8Array, maxBytes = MAX_IMAGE_BYTES): Promise<StoredUpload> {
  if (bytes.length === 0) throw new UploadRejectedError('empty');
  if (bytes.length > maxBytes) throw new UploadRejectedError('too-large');
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new UploadRejectedError('unsupported-type');
  const dir = join(dataDir, 'uploads');
  await mkdir(dir, { recursive: true });
  const name = `${randomUUID()}.${IMAGE_TYPES[contentType]}`;
  await writeFile(join(dir, name), bytes);
  return { ref: `uploads/${name}`, contentType, bytes: bytes.length };
}
