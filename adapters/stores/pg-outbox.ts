import type pg from 'pg';
import type { Clock } from '../../bot/ports.ts';
import type { ConversationRefStore, OutboxStore } from '../../bot/tickets/ports.ts';
import { outboxFromRow, type OutboxRow } from './ticket-rows.ts';

export function pgOutbox(pool: pg.Pool, clock: Clock): OutboxStore {
  return {
    async claimDue(now, limit, leaseMs) {
      // SKIP LOCKED lets several dispatchers claim disjoint batches without waiting on each other.
      const { rows } = await pool.query<OutboxRow & { seq: string }>(
        `UPDATE outbox SET lease_until = $2 WHERE id IN (
           SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, new Date(now.getTime() + leaseMs), limit],
      );
      // RETURNING does not keep the subquery's order.
      return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(outboxFromRow);
    },
    async markDelivered(id) {
      await pool.query(`UPDATE outbox SET state = 'delivered', delivered_at = $2, lease_until = NULL WHERE id = $1`, [id, clock.now()]);
    },
    async markFailed(id, error, nextAttemptAt) {
      await pool.query(
        `UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, lease_until = NULL
         WHERE id = $1 AND state = 'pending'`,
        [id, error.slice(0, 1000), nextAttemptAt],
      );
    },
    async markUndeliverable(id, reason) {
      await pool.query(
        `UPDATE outbox SET state = 'undeliverable', attempts = attempts + 1, last_error = $2, lease_until = NULL WHERE id = $1`,
        [id, reason.slice(0, 1000)],
      );
    },
  };
}

export function pgConversationRefs(pool: pg.Pool, clock: Clock): ConversationRefStore {
  return {
    async put(channel, conversationId, ref) {
      await pool.query(
        `INSERT INTO conversation_refs (channel, conversation_id, ref, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (channel, conversation_id) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at`,
        [channel, conversationId, JSON.stringify(ref), clock.now()],
      );
    },
    async get(channel, conversationId) {
      const { rows } = await pool.query<{ ref: unknown }>(
        'SELECT ref FROM conversation_refs WHERE channel = $1 AND conversation_id = $2',
        [channel, conversationId],
      );
      return rows[0]?.ref;
    },
  };
}
