/**
 * Trains the default knowledge base's interpreter once per test run, into a folder every test's
 * knowledge store reuses (MODEL_CACHE_DIR), instead of once per test file.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../adapters/logger.ts';
import { loadKnowledge } from '../../knowledge/src/loader.ts';
import { DEFAULT_KNOWLEDGE_DIR, installLocalesFrom } from '../../knowledge/src/locales.ts';
import { loadOrTrainModel } from '../../knowledge/src/understanding/build-interpreter.ts';

export default function setup(): void {
  const dir = process.env.MODEL_CACHE_DIR ?? join(tmpdir(), 'hue-assistant-models');
  mkdirSync(dir, { recursive: true });
  process.env.MODEL_CACHE_DIR = dir;
  const { packs } = installLocalesFrom(DEFAULT_KNOWLEDGE_DIR);
  loadOrTrainModel({ loaded: loadKnowledge(DEFAULT_KNOWLEDGE_DIR), packs, cacheDirs: [dir], logger: silentLogger });
}
