/**
 * Rotating platform credentials (the Zalo OA token pair) in the ticket database, so every server
 * uses the newest pair and only one of them refreshes at a time. The table comes with the ticket
 * store's migrations; open the ticket store first.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { pgPool } from './pg-migrations.ts';

export interface ChannelTokenStore {
  get(channel: string): Promise<unknown | undefined>;
  /**
   * Runs `update` with the stored value while no other server can run it for the same channel;
   * what it returns is stored (undefined keeps the stored value). Returns what is stored after.
   */
  withLock(channel: string, update: (current: unknown | undefined) => Promise<unknown | undefined>): Promise<unknown | undefined>;
  close(): Promise<void>;
}

export interface OpenChannelTokensOptions {
  databaseUrl?: string;
  schema?: string;
  dataDir: string;
}

export function openChannelTokens(options: OpenChannelTokensOptions): ChannelTokenStore {
  if (options.databaseUrl) return pgChannelTokens(options.databaseUrl, options.schema);
  return sqliteChannelTokens(join(options.dataDir, 'tickets.sqlite'));
}

function pgChannelTokens(connectionString: string, schema: string | undefined): ChannelTokenStore {
  const pool = pgPool({ connectionString, schema, poolSize: 2 });
  return {
    async get(channel) {
      const { rows } = await pool.query<{ tokens: unknown }>('SELECT tokens FROM channel_tokens WHERE channel = $1', [channel]);
      return rows[0]?.tokens;
    },
    async withLock(channel, update) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // A transaction-scoped advisory lock also covers the first refresh, when there is no row to lock yet.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`channel_tokens:${channel}`]);
        const { rows } = await client.query<{ tokens: unknown }>('SELECT tokens FROM channel_tokens WHERE channel = $1', [channel]);
        const current = rows[0]?.tokens;
        const next = await update(current);
        if (next !== undefined) {
          await client.query(
            `INSERT INTO channel_tokens (channel, tokens, updated_at) VALUES ($1, $2, now())
             ON CONFLICT (channel) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at`,
            [channel, JSON.stringify(next)],
          );
        }
        await client.query('COMMIT');
        return next ?? current;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

// SQLite serves one server: a queue per database file, shared by every connection of this process, is the lock.
const sqliteQueues = new Map<string, Promise<unknown>>();

function sqliteChannelTokens(file: string): ChannelTokenStore {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const select = db.prepare('SELECT tokens FROM channel_tokens WHERE channel = ?');
  const upsert = db.prepare(
    `INSERT INTO channel_tokens (channel, tokens, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (channel) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at`,
  );
  const read = (channel: string) => {
    const row = select.get(channel) as { tokens: string } | undefined;
    return row ? (JSON.parse(row.tokens) as unknown) : undefined;
  };
  return {
    get: async (channel) => read(channel),
    withLock(channel, update) {
      const run = (sqliteQueues.get(file) ?? Promise.resolve()).then(async () => {
        const current = read(channel);
        const next = await update(current);
        if (next !== undefined) upsert.run(channel, JSON.stringify(next), new Date().toISOString());
        return next ?? current;
      });
      sqliteQueues.set(file, run.catch(() => undefined));
      return run;
    },
    close: async () => void db.close(),
  };
}
