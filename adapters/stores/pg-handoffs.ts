/** Handoffs, the message queue and answer feedback on PostgreSQL. */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AnswerFeedbackStore } from '../../bot/feedback/ports.ts';
import { HandoffConflictError, HandoffNotFoundError } from '../../bot/handoff/errors.ts';
import type { HandoffStore } from '../../bot/handoff/ports.ts';
import { isActiveHandoff, type Handoff, type HandoffStatus, type QueuedMessage } from '../../bot/handoff/types.ts';
import type { MessageQueue } from '../../bot/notices/ports.ts';
import {
  feedbackFromRow,
  groupBy,
  handoffFromRow,
  queuedFromRow,
  type FeedbackRow,
  type HandoffMessageRow,
  type HandoffRow,
  type MessageRow,
} from './handoff-rows.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;
export type Transaction = <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>;

async function enqueue(q: Queryable, message: QueuedMessage, now: Date, state: 'pending' | 'held' = 'pending', reason: string | null = null): Promise<string> {
  const id = randomUUID();
  await q.query(
    `INSERT INTO message_outbox (id, channel, conversation_id, user_id, lang, kind, ticket_code, text, created_at, state, next_attempt_at, last_error,
       ticket_status, public_note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $11, $12, $13)`,
    [id, message.channel, message.conversationId, message.userId, message.lang, message.kind, message.ticketCode ?? null, message.text, now, state, reason,
      message.update?.status ?? null, message.update?.publicNote ?? null],
  );
  return id;
}

export function pgMessageQueue(pool: pg.Pool): MessageQueue {
  return {
    enqueue: (message, now) => enqueue(pool, message, now),
    async claimDue(now, limit, leaseMs) {
      // SKIP LOCKED: several servers claim disjoint batches.
      const { rows } = await pool.query<MessageRow & { seq: string }>(
        `UPDATE message_outbox SET lease_until = $2 WHERE id IN (
           SELECT id FROM message_outbox WHERE state = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, new Date(now.getTime() + leaseMs), limit],
      );
      return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(queuedFromRow);
    },
    async markDelivered(id, now) {
      await pool.query(`UPDATE message_outbox SET state = 'delivered', delivered_at = $2, lease_until = NULL WHERE id = $1`, [id, now]);
    },
    async markFailed(id, error, nextAttemptAt) {
      await pool.query(
        `UPDATE message_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, lease_until = NULL WHERE id = $1 AND state = 'pending'`,
        [id, error.slice(0, 1000), nextAttemptAt],
      );
    },
    async hold(id, reason) {
      await pool.query(`UPDATE message_outbox SET state = 'held', attempts = attempts + 1, last_error = $2, lease_until = NULL WHERE id = $1`, [id, reason.slice(0, 1000)]);
    },
    async holdNew(message, reason, now) {
      await enqueue(pool, message, now, 'held', reason.slice(0, 1000));
    },
    async takeHeld(channel, userId, now) {
      // One statement: two servers answering the same person at once (on one channel or on two
      // linked ones) show each update once; the second waits for the first's row locks, then
      // finds the rows no longer held. Besides this user's own, only updates on reports that gave
      // the number this user's platform vouched is theirs (a number they only typed brings nothing).
      const { rows } = await pool.query<MessageRow & { seq: string }>(
        `UPDATE message_outbox SET state = 'shown', delivered_at = $3 WHERE state = 'held' AND id IN (
           SELECT id FROM message_outbox WHERE channel = $1 AND user_id = $2 AND state = 'held'
           UNION
           SELECT m.id FROM person_links mine JOIN tickets t ON t.person_key = mine.person_key
             JOIN message_outbox m ON m.ticket_code = t.code AND m.state = 'held' AND m.kind = 'ticket'
           WHERE mine.channel = $1 AND mine.user_id = $2 AND mine.source = 'contact')
         RETURNING *`,
        [channel, userId, now],
      );
      return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(queuedFromRow);
    },
  };
}

export function pgHandoffs(pool: pg.Pool, tx: Transaction): HandoffStore {
  const load = async (q: Queryable, id: string): Promise<Handoff | undefined> => {
    const { rows } = await q.query<HandoffRow>('SELECT * FROM handoffs WHERE id = $1', [id]);
    if (!rows[0]) return undefined;
    const messages = await q.query<HandoffMessageRow>('SELECT * FROM handoff_messages WHERE handoff_id = $1 ORDER BY seq', [id]);
    return handoffFromRow(rows[0], messages.rows);
  };
  const lockRow = async (c: Queryable, id: string): Promise<HandoffRow> => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new HandoffNotFoundError(id);
    const { rows } = await c.query<HandoffRow>('SELECT * FROM handoffs WHERE id = $1 FOR UPDATE', [id]);
    if (!rows[0]) throw new HandoffNotFoundError(id);
    return rows[0];
  };
  const addMessage = (c: Queryable, id: string, from: string, by: string | null, text: string, at: Date) =>
    c.query('INSERT INTO handoff_messages (handoff_id, author, by, text, at) VALUES ($1, $2, $3, $4, $5)', [id, from, by, text, at]);
  const setStatus = (c: Queryable, id: string, status: HandoffStatus, by: string | null, claimedAt: Date | null, closedAt: Date | null, now: Date) =>
    c.query(
      `UPDATE handoffs SET status = $2, claimed_by = COALESCE($3, claimed_by), claimed_at = COALESCE($4, claimed_at), closed_at = $5, updated_at = $6 WHERE id = $1`,
      [id, status, by, claimedAt, closedAt, now],
    );
  const claimRow = async (c: Queryable, row: HandoffRow, by: string, now: Date): Promise<boolean> => {
    if (!isActiveHandoff(row.status as HandoffStatus)) throw new HandoffConflictError(`handoff ${row.id} is ${row.status}`);
    if (row.status === 'claimed') {
      if (row.claimed_by !== by) throw new HandoffConflictError(`handoff ${row.id} is held by another staff member`);
      return false;
    }
    await setStatus(c, row.id, 'claimed', by, now, null, now);
    return true;
  };

  return {
    async open(request, now) {
      const id = await tx(async (c) => {
        const id = randomUUID();
        // The partial unique index keeps one active handoff per conversation, also across servers.
        const inserted = await c.query<{ id: string }>(
          `INSERT INTO handoffs (id, channel, conversation_id, user_id, lang, contact, status, opened_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'waiting', $7, $7)
           ON CONFLICT (channel, conversation_id) WHERE status IN ('waiting','claimed') DO NOTHING RETURNING id`,
          [id, request.channel, request.conversationId, request.userId, request.lang, request.contact, now],
        );
        if (!inserted.rows[0]) {
          const { rows } = await c.query<{ id: string }>(
            `SELECT id FROM handoffs WHERE channel = $1 AND conversation_id = $2 AND status IN ('waiting','claimed')`,
            [request.channel, request.conversationId],
          );
          return rows[0]!.id;
        }
        for (const m of request.transcript) await addMessage(c, id, m.from, m.by ?? null, m.text, m.at);
        return id;
      });
      return (await load(pool, id))!;
    },
    async get(id) {
      return /^[0-9a-f-]{36}$/i.test(id) ? load(pool, id) : undefined;
    },
    async list(filter) {
      const statuses = filter.status?.length ? [...filter.status] : ['waiting', 'claimed'];
      const { rows } = await pool.query<HandoffRow>('SELECT * FROM handoffs WHERE status = ANY($1) ORDER BY opened_at DESC, id LIMIT $2', [
        statuses,
        Math.min(filter.limit ?? 100, 500),
      ]);
      if (!rows.length) return [];
      const messages = await pool.query<HandoffMessageRow>('SELECT * FROM handoff_messages WHERE handoff_id = ANY($1) ORDER BY seq', [rows.map((r) => r.id)]);
      const grouped = groupBy(messages.rows);
      return rows.map((r) => handoffFromRow(r, grouped.get(r.id) ?? []));
    },
    async addPersonMessage(id, text, now) {
      return tx(async (c) => {
        const { rows } = await c.query<HandoffRow>(`SELECT * FROM handoffs WHERE id = $1 AND status IN ('waiting','claimed') FOR UPDATE`, [id]);
        if (!rows[0]) return false;
        await addMessage(c, id, 'person', null, text, now);
        await c.query('UPDATE handoffs SET updated_at = $2 WHERE id = $1', [id, now]);
        return true;
      });
    },
    async claim(id, by, now, notice) {
      await tx(async (c) => {
        if ((await claimRow(c, await lockRow(c, id), by, now)) && notice) await enqueue(c, notice, now);
      });
      return (await load(pool, id))!;
    },
    async addStaffMessage(id, by, text, notice, now) {
      await tx(async (c) => {
        await claimRow(c, await lockRow(c, id), by, now);
        await addMessage(c, id, 'staff', by, text, now);
        await enqueue(c, notice, now);
      });
      return (await load(pool, id))!;
    },
    async release(id, by, notice, now) {
      await tx(async (c) => {
        const row = await lockRow(c, id);
        if (!isActiveHandoff(row.status as HandoffStatus)) throw new HandoffConflictError(`handoff ${id} is ${row.status}`);
        await setStatus(c, id, 'released', by, null, now, now);
        await enqueue(c, notice, now);
      });
      return (await load(pool, id))!;
    },
    async expireWaiting(cutoff, noticeFor, now) {
      return tx(async (c) => {
        const { rows } = await c.query<HandoffRow>(`SELECT id FROM handoffs WHERE status = 'waiting' AND opened_at < $1 FOR UPDATE SKIP LOCKED`, [cutoff]);
        const expired: Handoff[] = [];
        for (const { id } of rows) {
          await setStatus(c, id, 'expired', null, null, now, now);
          const handoff = (await load(c, id))!;
          await enqueue(c, noticeFor(handoff), now);
          expired.push(handoff);
        }
        return expired;
      });
    },
    async countWaiting() {
      const { rows } = await pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM handoffs WHERE status = 'waiting'`);
      return Number(rows[0]!.n);
    },
  };
}

export function pgFeedback(pool: pg.Pool): AnswerFeedbackStore {
  return {
    async record(f) {
      await pool.query('INSERT INTO answer_feedback (id, entry_id, value, lang, channel, question, at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        randomUUID(),
        f.entryId,
        f.value,
        f.lang,
        f.channel,
        f.question ?? null,
        f.at,
      ]);
    },
    async listThumbsDown(filter = {}) {
      const { rows } = await pool.query<FeedbackRow>(`SELECT * FROM answer_feedback WHERE value = 'down' AND at >= $1 ORDER BY at DESC, id LIMIT $2`, [
        filter.since ?? new Date(0),
        Math.min(filter.limit ?? 100, 1000),
      ]);
      return rows.map(feedbackFromRow);
    },
    async tally(filter = {}) {
      const { rows } = await pool.query<{ entry_id: string; up: string; down: string }>(
        `SELECT entry_id, COUNT(*) FILTER (WHERE value = 'up') AS up, COUNT(*) FILTER (WHERE value = 'down') AS down
         FROM answer_feedback WHERE at >= $1 GROUP BY entry_id ORDER BY down DESC, up ASC, entry_id`,
        [filter.since ?? new Date(0)],
      );
      return rows.map((r) => ({ entryId: r.entry_id, up: Number(r.up), down: Number(r.down) }));
    },
  };
}
