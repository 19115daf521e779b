/**
 * Third-party evaluation data lives beside the repository (../shared/datasets), never inside it:
 * several sets are non-commercial or unlicensed. HUE_DATASETS_DIR overrides the location.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function datasetsDir(): string {
  return process.env['HUE_DATASETS_DIR'] ?? join(REPO_ROOT, '..', 'shared', 'datasets');
}

/** Absolute path of a dataset file, or an error naming what is missing. */
export function datasetFile(...parts: string[]): string {
  const path = join(datasetsDir(), ...parts);
  if (!existsSync(path)) throw new Error(`dataset file not found: ${path} (set HUE_DATASETS_DIR)`);
  return path;
}

/** The path shown in reports: relative to the datasets folder, so reports do not leak local paths. */
export const shownPath = (...parts: string[]) => `shared/datasets/${parts.join('/')}`;
