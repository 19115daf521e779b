/**
 * PostgreSQL schemas and folders a test file makes for itself, each with a fresh name, dropped
 * and removed once the file's tests are done, so parallel files never meet.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';

export const TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function throwaway(prefix: string): { schema(): string; folder(): string } {
  const schemas: string[] = [];
  const folders: string[] = [];
  afterAll(async () => {
    if (schemas.length) {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await client.end();
    }
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });
  return {
    schema() {
      const name = `${prefix}_${randomBytes(6).toString('hex')}`;
      schemas.push(name);
      return name;
    },
    folder() {
      const dir = mkdtempSync(join(tmpdir(), `hue-${prefix}-`));
      folders.push(dir);
      return dir;
    },
  };
}
