import type Database from 'better-sqlite3';
import type { Clock } from '../../bot/ports.ts';
import type { ConversationRefStore, OutboxStore } from '../../bot/tickets/ports.ts';
import type { OutboxItem } from '../../bot/tickets/types.ts';
import type { Channel } from '../../bot/types.ts';
import { outboxFromRow, type OutboxRow } from './ticket-rows.ts';

export function sqliteOutbox(db: Database.Database, clock: Clock): OutboxStore {
  const selectDue = db.prepare(
    `SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
     ORDER BY created_at, rowid LIMIT ?`,
  );
  const lease = db.prepare('UPDATE outbox SET lease_until = ? WHERE id = ?');
  const claim = db.transaction((now: Date, limit: number, leaseMs: number): OutboxItem[] => {
    const at = now.toISOString();
    const rows = selectDue.all(at, at, limit) as OutboxRow[];
    const until = new Date(now.getTime() + leaseMs).toISOString();
    for (const row of rows) lease.run(until, row.id);
    return rows.map(outboxFromRow);
  });
  const delivered = db.prepare(`UPDATE outbox SET state = 'delivered', delivered_at = ?, lease_until = NULL WHERE id = ?`);
  const failed = db.prepare(
    `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_until = NULL WHERE id = ? AND state = 'pending'`,
  );
  const undeliverable = db.prepare(
    `UPDATE outbox SET state = 'undeliverable', attempts = attempts + 1, last_error = ?, lease_until = NULL WHERE id = ?`,
  );
  return {
    async claimDue(now, limit, leaseMs) {
      return claim.immediate(now, limit, leaseMs);
    },
    async markDelivered(id) {
      delivered.run(clock.now().toISOString(), id);
    },
    async markFailed(id, error, nextAttemptAt) {
      failed.run(error.slice(0, 1000), nextAttemptAt.toISOString(), id);
    },
    async markUndeliverable(id, reason) {
      undeliverable.run(reason.slice(0, 1000), id);
    },
  };
}

export function sqliteConversationRefs(db: Database.Database, clock: Clock): ConversationRefStore {
  const put = db.prepare(
    `INSERT INTO conversation_refs (channel, conversation_id, ref, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel, conversation_id) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at`,
  );
  const get = db.prepare('SELECT ref FROM conversation_refs WHERE channel = ? AND conversation_id = ?');
  return {
    async put(channel: Channel, conversationId: string, ref: unknown) {
      put.run(channel, conversationId, JSON.stringify(ref), clock.now().toISOString());
    },
    async get(channel: Channel, conversationId: string) {
      const row = get.get(channel, conversationId) as { ref: string } | undefined;
      return row ? (JSON.parse(row.ref) as unknown) : undefined;
    },
  };
}
