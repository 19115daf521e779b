/** The review queue in the SQLite ticket database (its own connection to the same file). */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock, type UnansweredQuestion } from '../../bot/ports.ts';
import {
  ReviewGroupClosedError,
  ReviewGroupNotFoundError,
  type ReviewQueue,
  type ReviewStatus,
} from '../../bot/review/ports.ts';
import { migrateSqlite } from './sqlite-migrations.ts';
import { groupFromRows, QUESTIONS_PER_GROUP, reviewIntake, thumbsDownQuestion, type GroupRow, type QuestionRow } from './review-rows.ts';

export function openSqliteReviewQueue(options: { file: string; clock?: Clock }): ReviewQueue {
  const clock = options.clock ?? systemClock;
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  // Questions to review and answer counts are written at turns: with WAL they survive a crash of
  // the process without a disk flush per turn (tickets keep synchronous = FULL).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrateSqlite(db);

  // A question seen again reopens a group whose added alternate did not help; dismissed and
  // out-of-scope groups only count it.
  const upsertGroup = db.prepare(`INSERT INTO review_groups (id, group_key, lang, sample, entry_id, count, status, first_at, last_at)
    VALUES (@id, @key, @lang, @text, @entryId, 1, 'open', @at, @at)
    ON CONFLICT (group_key) DO UPDATE SET count = count + 1, last_at = excluded.last_at,
      sample = CASE WHEN excluded.sample <> '' THEN excluded.sample ELSE sample END,
      status = CASE WHEN status = 'added' THEN 'open' ELSE status END
    RETURNING id`);
  const insertQuestion = db.prepare(`INSERT INTO review_questions (group_id, text, lang, channel, reason, candidates, entry_id, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const record = db.transaction((question: UnansweredQuestion) => {
    const intake = reviewIntake(question);
    const { id } = upsertGroup.get({ ...intake, id: randomUUID(), at: intake.at.toISOString() }) as { id: string };
    insertQuestion.run(id, intake.text, intake.lang, intake.channel, intake.reason, JSON.stringify(intake.candidates), intake.entryId, intake.at.toISOString());
  });
  const byId = db.prepare('SELECT * FROM review_groups WHERE id = ?');
  const resolveGroup = db.prepare(`UPDATE review_groups SET status = ?, resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ? AND status = 'open'`);
  const addUsage = db.prepare(`INSERT INTO answer_usage (entry_id, lang, answers, last_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (entry_id, lang) DO UPDATE SET answers = answers + excluded.answers, last_at = MAX(last_at, excluded.last_at)`);

  const questionsOf = (ids: string[]): QuestionRow[] =>
    ids.length === 0
      ? []
      : (db
          .prepare(
            `SELECT group_id, text, channel, reason, candidates FROM (
               SELECT q.*, ROW_NUMBER() OVER (PARTITION BY group_id ORDER BY seq DESC) AS n FROM review_questions q
               WHERE group_id IN (${ids.map(() => '?').join(',')})) WHERE n <= ${QUESTIONS_PER_GROUP} ORDER BY seq DESC`,
          )
          .all(...ids) as QuestionRow[]);
  const describe = (rows: GroupRow[]) => {
    const questions = questionsOf(rows.map((r) => r.id));
    return rows.map((row) => groupFromRows(row, questions.filter((q) => q.group_id === row.id)));
  };

  return {
    async record(question) {
      record.immediate(question);
    },
    async recordThumbsDown(feedback) {
      record.immediate(thumbsDownQuestion(feedback));
    },
    async list(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.status) {
        where.push('status = ?');
        params.push(query.status);
      }
      if (query.lang) {
        where.push('lang = ?');
        params.push(query.lang);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const rows = db.prepare(`SELECT * FROM review_groups ${clause} ORDER BY count DESC, last_at DESC, id LIMIT ? OFFSET ?`).all(...params, query.limit, query.offset) as GroupRow[];
      const { total } = db.prepare(`SELECT COUNT(*) AS total FROM review_groups ${clause}`).get(...params) as { total: number };
      return { groups: describe(rows), total };
    },
    async get(id) {
      const row = byId.get(id) as GroupRow | undefined;
      return row ? describe([row])[0] : undefined;
    },
    async resolve(id, resolution) {
      const changed = db.transaction(() => {
        const row = byId.get(id) as GroupRow | undefined;
        if (!row) throw new ReviewGroupNotFoundError(id);
        if (row.status !== 'open') throw new ReviewGroupClosedError(id, row.status as ReviewStatus);
        resolveGroup.run(resolution.status, clock.now().toISOString(), resolution.by, resolution.resolution ?? null, id);
        return byId.get(id) as GroupRow;
      });
      return describe([changed.immediate()])[0]!;
    },
    async addUsage(counts) {
      db.transaction(() => {
        for (const c of counts) addUsage.run(c.entryId, c.lang, c.answers, c.at.toISOString());
      }).immediate();
    },
    async usage() {
      const rows = db.prepare('SELECT entry_id, lang, answers, last_at FROM answer_usage').all() as { entry_id: string; lang: string; answers: number; last_at: string }[];
      return rows.map((r) => ({ entryId: r.entry_id, lang: r.lang as never, answers: r.answers, lastAt: new Date(r.last_at) }));
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
