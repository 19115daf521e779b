/** The review queue in the PostgreSQL ticket database (its own small pool). */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { systemClock, type Clock, type UnansweredQuestion } from '../../bot/ports.ts';
import { ReviewGroupClosedError, ReviewGroupNotFoundError, type ReviewQueue, type ReviewStatus } from '../../bot/review/ports.ts';
import { openMigratedPgPool } from './pg-migrations.ts';
import { groupFromRows, QUESTIONS_PER_GROUP, reviewIntake, thumbsDownQuestion, type GroupRow, type QuestionRow } from './review-rows.ts';

export interface PgReviewQueueOptions {
  connectionString: string;
  /** Schema to use (created if missing); tests use one per file. */
  schema?: string;
  clock?: Clock;
  poolSize?: number;
}

export async function openPgReviewQueue(options: PgReviewQueueOptions): Promise<ReviewQueue> {
  const clock = options.clock ?? systemClock;
  const schema = options.schema;
  const pool = await openMigratedPgPool({ connectionString: options.connectionString, schema, poolSize: options.poolSize ?? 4 });

  const record = async (question: UnansweredQuestion) => {
    const intake = reviewIntake(question);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // A question seen again reopens a group whose added alternate did not help; dismissed and
      // out-of-scope groups only count it.
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO review_groups (id, group_key, lang, sample, entry_id, count, status, first_at, last_at)
         VALUES ($1, $2, $3, $4, $5, 1, 'open', $6, $6)
         ON CONFLICT (group_key) DO UPDATE SET count = review_groups.count + 1, last_at = GREATEST(review_groups.last_at, excluded.last_at),
           sample = CASE WHEN excluded.sample <> '' THEN excluded.sample ELSE review_groups.sample END,
           status = CASE WHEN review_groups.status = 'added' THEN 'open' ELSE review_groups.status END
         RETURNING id`,
        [randomUUID(), intake.key, intake.lang, intake.text, intake.entryId, intake.at],
      );
      await client.query(
        'INSERT INTO review_questions (group_id, text, lang, channel, reason, candidates, entry_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [rows[0]!.id, intake.text, intake.lang, intake.channel, intake.reason, JSON.stringify(intake.candidates), intake.entryId, intake.at],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  };

  const describe = async (rows: GroupRow[]) => {
    if (rows.length === 0) return [];
    const { rows: questions } = await pool.query<QuestionRow>(
      `SELECT group_id, text, channel, reason, candidates FROM (
         SELECT q.*, ROW_NUMBER() OVER (PARTITION BY group_id ORDER BY seq DESC) AS n FROM review_questions q WHERE group_id = ANY($1)) ranked
       WHERE n <= ${QUESTIONS_PER_GROUP} ORDER BY seq DESC`,
      [rows.map((r) => r.id)],
    );
    return rows.map((row) => groupFromRows(row, questions.filter((q) => q.group_id === row.id)));
  };

  return {
    record,
    recordThumbsDown: (feedback) => record(thumbsDownQuestion(feedback)),
    async list(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.status) {
        params.push(query.status);
        where.push(`status = $${params.length}`);
      }
      if (query.lang) {
        params.push(query.lang);
        where.push(`lang = $${params.length}`);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const { rows } = await pool.query<GroupRow>(
        `SELECT * FROM review_groups ${clause} ORDER BY count DESC, last_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.limit, query.offset],
      );
      const { rows: total } = await pool.query<{ total: string }>(`SELECT COUNT(*) AS total FROM review_groups ${clause}`, params);
      return { groups: await describe(rows), total: Number(total[0]!.total) };
    },
    async get(id) {
      const { rows } = await pool.query<GroupRow>('SELECT * FROM review_groups WHERE id = $1', [id]);
      return (await describe(rows))[0];
    },
    async resolve(id, resolution) {
      const { rows } = await pool.query<GroupRow>(
        `UPDATE review_groups SET status = $2, resolved_at = $3, resolved_by = $4, resolution = $5 WHERE id = $1 AND status = 'open' RETURNING *`,
        [id, resolution.status, clock.now(), resolution.by, resolution.resolution ?? null],
      );
      if (rows[0]) return (await describe(rows))[0]!;
      const { rows: existing } = await pool.query<GroupRow>('SELECT status FROM review_groups WHERE id = $1', [id]);
      if (!existing[0]) throw new ReviewGroupNotFoundError(id);
      throw new ReviewGroupClosedError(id, existing[0].status as ReviewStatus);
    },
    async addUsage(counts) {
      if (counts.length === 0) return;
      await pool.query(
        `INSERT INTO answer_usage (entry_id, lang, answers, last_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[])
         ON CONFLICT (entry_id, lang) DO UPDATE SET answers = answer_usage.answers + excluded.answers, last_at = GREATEST(answer_usage.last_at, excluded.last_at)`,
        [counts.map((c) => c.entryId), counts.map((c) => c.lang), counts.map((c) => c.answers), counts.map((c) => c.at)],
      );
    },
    async usage() {
      const { rows } = await pool.query<{ entry_id: string; lang: string; answers: number; last_at: Date }>('SELECT entry_id, lang, answers, last_at FROM answer_usage');
      return rows.map((r) => ({ entryId: r.entry_id, lang: r.lang as never, answers: r.answers, lastAt: new Date(r.last_at) }));
    },
    async close() {
      await pool.end();
    },
  };
}
