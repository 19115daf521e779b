/** Handoffs, the message queue and answer feedback on the SQLite ticket database. */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AnswerFeedbackStore } from '../../bot/feedback/ports.ts';
import { HandoffConflictError, HandoffNotFoundError } from '../../bot/handoff/errors.ts';
import type { HandoffStore } from '../../bot/handoff/ports.ts';
import { isActiveHandoff, type Handoff, type HandoffMessage, type HandoffStatus, type QueuedMessage } from '../../bot/handoff/types.ts';
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

const iso = (d: Date) => d.toISOString();

function queueStatements(db: Database.Database) {
  const insert = db.prepare(`INSERT INTO message_outbox (id, channel, conversation_id, user_id, lang, kind, ticket_code, text, created_at,
    state, next_attempt_at, last_error, ticket_status, public_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return (message: QueuedMessage, now: Date, state: 'pending' | 'held' = 'pending', reason: string | null = null): string => {
    const id = randomUUID();
    insert.run(id, message.channel, message.conversationId, message.userId, message.lang, message.kind, message.ticketCode ?? null,
      message.text, iso(now), state, iso(now), reason, message.update?.status ?? null, message.update?.publicNote ?? null);
    return id;
  };
}

export function sqliteMessageQueue(db: Database.Database): MessageQueue {
  const enqueue = queueStatements(db);
  const selectDue = db.prepare(
    `SELECT * FROM message_outbox WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
     ORDER BY created_at, rowid LIMIT ?`,
  );
  const lease = db.prepare('UPDATE message_outbox SET lease_until = ? WHERE id = ?');
  const claim = db.transaction((now: Date, limit: number, leaseMs: number) => {
    const rows = selectDue.all(iso(now), iso(now), limit) as MessageRow[];
    const until = iso(new Date(now.getTime() + leaseMs));
    for (const row of rows) lease.run(until, row.id);
    return rows.map(queuedFromRow);
  });
  const delivered = db.prepare(`UPDATE message_outbox SET state = 'delivered', delivered_at = ?, lease_until = NULL WHERE id = ?`);
  const failed = db.prepare(
    `UPDATE message_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_until = NULL WHERE id = ? AND state = 'pending'`,
  );
  const hold = db.prepare(`UPDATE message_outbox SET state = 'held', attempts = attempts + 1, last_error = ?, lease_until = NULL WHERE id = ?`);
  // Held for this user, and the ticket updates held for reports that gave the number this user's
  // platform vouched is theirs (a number they only typed brings nothing). CROSS JOIN fixes the
  // order (links first, usually none), so both halves read by index.
  const heldFor = `SELECT m.*, m.rowid AS row_order FROM message_outbox m WHERE m.channel = @channel AND m.user_id = @userId AND m.state = 'held'
    UNION SELECT m.*, m.rowid AS row_order FROM person_links mine CROSS JOIN tickets t CROSS JOIN message_outbox m
      WHERE mine.channel = @channel AND mine.user_id = @userId AND mine.source = 'contact' AND t.person_key = mine.person_key
        AND m.ticket_code = t.code AND m.state = 'held' AND m.kind = 'ticket'`;
  const selectHeld = db.prepare(`${heldFor} ORDER BY created_at, row_order`);
  const anyHeld = db.prepare(`SELECT 1 FROM (${heldFor}) LIMIT 1`).pluck();
  const shown = db.prepare(`UPDATE message_outbox SET state = 'shown', delivered_at = ? WHERE id = ?`);
  const take = db.transaction((channel: string, userId: string, now: Date) => {
    const rows = selectHeld.all({ channel, userId }) as MessageRow[];
    for (const row of rows) shown.run(iso(now), row.id);
    return rows.map(queuedFromRow);
  });
  return {
    async enqueue(message, now) {
      return enqueue(message, now);
    },
    async claimDue(now, limit, leaseMs) {
      return claim.immediate(now, limit, leaseMs);
    },
    async markDelivered(id, now) {
      delivered.run(iso(now), id);
    },
    async markFailed(id, error, nextAttemptAt) {
      failed.run(error.slice(0, 1000), iso(nextAttemptAt), id);
    },
    async hold(id, reason) {
      hold.run(reason.slice(0, 1000), id);
    },
    async holdNew(message, reason, now) {
      enqueue(message, now, 'held', reason.slice(0, 1000));
    },
    async takeHeld(channel, userId, now) {
      // Asked at every turn and nearly always empty: a read on the index settles that without a write lock.
      if (anyHeld.get({ channel, userId }) === undefined) return [];
      return take.immediate(channel, userId, now);
    },
  };
}

export function sqliteHandoffs(db: Database.Database): HandoffStore {
  const enqueue = queueStatements(db);
  const byId = db.prepare('SELECT * FROM handoffs WHERE id = ?');
  const active = db.prepare(`SELECT * FROM handoffs WHERE channel = ? AND conversation_id = ? AND status IN ('waiting','claimed')`);
  const messagesOf = db.prepare('SELECT * FROM handoff_messages WHERE handoff_id = ? ORDER BY seq');
  const insertHandoff = db.prepare(`INSERT INTO handoffs (id, channel, conversation_id, user_id, lang, contact, status, opened_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?)`);
  const insertMessage = db.prepare('INSERT INTO handoff_messages (handoff_id, author, by, text, at) VALUES (?, ?, ?, ?, ?)');
  const setStatus = db.prepare(`UPDATE handoffs SET status = ?, claimed_by = COALESCE(?, claimed_by), claimed_at = COALESCE(?, claimed_at),
    closed_at = ?, updated_at = ? WHERE id = ?`);
  const touch = db.prepare('UPDATE handoffs SET updated_at = ? WHERE id = ?');

  const load = (row: HandoffRow | undefined): Handoff | undefined => (row ? handoffFromRow(row, messagesOf.all(row.id) as HandoffMessageRow[]) : undefined);
  const mustGet = (id: string): HandoffRow => {
    const row = byId.get(id) as HandoffRow | undefined;
    if (!row) throw new HandoffNotFoundError(id);
    return row;
  };
  const addMessage = (id: string, m: HandoffMessage) => insertMessage.run(id, m.from, m.by ?? null, m.text, iso(m.at));

  const open = db.transaction((request: Parameters<HandoffStore['open']>[0], now: Date): string => {
    const existing = active.get(request.channel, request.conversationId) as HandoffRow | undefined;
    if (existing) return existing.id;
    const id = randomUUID();
    insertHandoff.run(id, request.channel, request.conversationId, request.userId, request.lang, request.contact, iso(now), iso(now));
    for (const m of request.transcript) addMessage(id, m);
    return id;
  });

  /** Moves an active handoff on; a claim by someone else than the holder is a conflict. */
  const claimRow = (row: HandoffRow, by: string, now: Date): boolean => {
    if (!isActiveHandoff(row.status as HandoffStatus)) throw new HandoffConflictError(`handoff ${row.id} is ${row.status}`);
    if (row.status === 'claimed') {
      if (row.claimed_by !== by) throw new HandoffConflictError(`handoff ${row.id} is held by another staff member`);
      return false;
    }
    setStatus.run('claimed', by, iso(now), null, iso(now), row.id);
    return true;
  };

  const claim = db.transaction((id: string, by: string, now: Date, notice?: QueuedMessage) => {
    if (claimRow(mustGet(id), by, now) && notice) enqueue(notice, now);
  });
  const staffMessage = db.transaction((id: string, by: string, text: string, notice: QueuedMessage, now: Date) => {
    claimRow(mustGet(id), by, now);
    addMessage(id, { from: 'staff', by, text, at: now });
    enqueue(notice, now);
  });
  const release = db.transaction((id: string, by: string, notice: QueuedMessage, now: Date) => {
    const row = mustGet(id);
    if (!isActiveHandoff(row.status as HandoffStatus)) throw new HandoffConflictError(`handoff ${id} is ${row.status}`);
    setStatus.run('released', by, null, iso(now), iso(now), id);
    enqueue(notice, now);
  });
  const personMessage = db.transaction((id: string, text: string, now: Date): boolean => {
    const row = byId.get(id) as HandoffRow | undefined;
    if (!row || !isActiveHandoff(row.status as HandoffStatus)) return false;
    addMessage(id, { from: 'person', text, at: now });
    touch.run(iso(now), id);
    return true;
  });
  const overdue = db.prepare(`SELECT * FROM handoffs WHERE status = 'waiting' AND opened_at < ?`);
  const expire = db.transaction((cutoff: Date, noticeFor: (h: Handoff) => QueuedMessage, now: Date): Handoff[] => {
    const rows = overdue.all(iso(cutoff)) as HandoffRow[];
    return rows.map((row) => {
      setStatus.run('expired', null, null, iso(now), iso(now), row.id);
      const handoff = load(mustGet(row.id))!;
      enqueue(noticeFor(handoff), now);
      return handoff;
    });
  });

  return {
    async open(request, now) {
      return load(byId.get(open.immediate(request, now)) as HandoffRow)!;
    },
    async get(id) {
      return load(byId.get(id) as HandoffRow | undefined);
    },
    async list(filter) {
      const statuses = filter.status?.length ? filter.status : (['waiting', 'claimed'] as const);
      const rows = db
        .prepare(`SELECT * FROM handoffs WHERE status IN (${statuses.map(() => '?').join(',')}) ORDER BY opened_at DESC, rowid DESC LIMIT ?`)
        .all(...statuses, Math.min(filter.limit ?? 100, 500)) as HandoffRow[];
      if (!rows.length) return [];
      const messages = db
        .prepare(`SELECT * FROM handoff_messages WHERE handoff_id IN (${rows.map(() => '?').join(',')}) ORDER BY seq`)
        .all(...rows.map((r) => r.id)) as HandoffMessageRow[];
      const grouped = groupBy(messages);
      return rows.map((r) => handoffFromRow(r, grouped.get(r.id) ?? []));
    },
    async addPersonMessage(id, text, now) {
      return personMessage.immediate(id, text, now);
    },
    async claim(id, by, now, notice) {
      claim.immediate(id, by, now, notice);
      return load(mustGet(id))!;
    },
    async addStaffMessage(id, by, text, notice, now) {
      staffMessage.immediate(id, by, text, notice, now);
      return load(mustGet(id))!;
    },
    async release(id, by, notice, now) {
      release.immediate(id, by, notice, now);
      return load(mustGet(id))!;
    },
    async expireWaiting(cutoff, noticeFor, now) {
      return expire.immediate(cutoff, noticeFor, now);
    },
    async countWaiting() {
      return (db.prepare(`SELECT COUNT(*) AS n FROM handoffs WHERE status = 'waiting'`).get() as { n: number }).n;
    },
  };
}

export function sqliteFeedback(db: Database.Database): AnswerFeedbackStore {
  const insert = db.prepare('INSERT INTO answer_feedback (id, entry_id, value, lang, channel, question, at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  return {
    async record(f) {
      insert.run(randomUUID(), f.entryId, f.value, f.lang, f.channel, f.question ?? null, iso(f.at));
    },
    async listThumbsDown(filter = {}) {
      const rows = db
        .prepare(`SELECT * FROM answer_feedback WHERE value = 'down' AND at >= ? ORDER BY at DESC, rowid DESC LIMIT ?`)
        .all(iso(filter.since ?? new Date(0)), Math.min(filter.limit ?? 100, 1000)) as FeedbackRow[];
      return rows.map(feedbackFromRow);
    },
    async tally(filter = {}) {
      const rows = db
        .prepare(`SELECT entry_id, SUM(value = 'up') AS up, SUM(value = 'down') AS down FROM answer_feedback WHERE at >= ?
          GROUP BY entry_id ORDER BY down DESC, up ASC, entry_id`)
        .all(iso(filter.since ?? new Date(0))) as { entry_id: string; up: number; down: number }[];
      return rows.map((r) => ({ entryId: r.entry_id, up: Number(r.up), down: Number(r.down) }));
    },
  };
}
