import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { systemClock, type Clock } from '../../bot/ports.ts';
import { IdempotencyConflictError, InvalidTicketError, TicketNotFoundError } from '../../bot/tickets/errors.ts';
import { boundingBox, coarsen, nearestWithin } from '../../bot/tickets/geo.ts';
import { addressKey, prepareNewTicket } from '../../bot/tickets/new-ticket.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import { hueYear, newTicketCode } from '../../bot/tickets/ticket-code.ts';
import { assertTransition, isOpenStatus, isPublicChange } from '../../bot/tickets/transitions.ts';
import type { HistoryEntry, NewTicket, Ticket } from '../../bot/tickets/types.ts';
import { openMigratedPgPool } from './pg-migrations.ts';
import { pgConversationRefs, pgOutbox } from './pg-outbox.ts';
import { pgFeedback, pgHandoffs, pgMessageQueue } from './pg-handoffs.ts';
import { pgPersonLinks } from './pg-person-links.ts';
import { buildTicketFilter, pgDialect } from './ticket-filter-sql.ts';
import { groupHistory, ticketFromRow, type HistoryRow, type TicketRow } from './ticket-rows.ts';

export interface PgTicketStoreOptions {
  connectionString: string;
  /** Schema to use (created if missing); tests use one per file. Default: the server's search_path. */
  schema?: string;
  codePrefix?: string;
  clock?: Clock;
  poolSize?: number;
  /** Draws a ticket code; tests pass one that collides. */
  newCode?: (prefix: string, year: number) => string;
}

/** Random codes almost never collide; a few fresh draws settle the rare case. */
const CODE_ATTEMPTS = 8;

type Queryable = Pick<pg.PoolClient, 'query'>;

const OPEN = `status IN ('received','in_progress')`;

/** Raised inside the creating transaction to roll it back when a racing repeat filed the key first. */
class RepeatedKey extends Error {}

/** Ticket store on PostgreSQL; migrates at start. */
export async function openPgTicketStore(options: PgTicketStoreOptions): Promise<TicketStore> {
  const clock = options.clock ?? systemClock;
  const prefix = options.codePrefix ?? 'HUE';
  const drawCode = options.newCode ?? newTicketCode;
  const schema = options.schema;
  const pool = await openMigratedPgPool({ connectionString: options.connectionString, schema, poolSize: options.poolSize ?? 10 });

  async function tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  const addHistory = (c: Queryable, ticketId: string, h: HistoryEntry) =>
    c.query('INSERT INTO ticket_history (ticket_id, event, status, public_note, internal_note, at, by) VALUES ($1,$2,$3,$4,$5,$6,$7)', [
      ticketId, h.event, h.status, h.publicNote ?? null, h.internalNote ?? null, h.at, h.by,
    ]);

  async function loadMany(rows: TicketRow[], c: Queryable = pool): Promise<Ticket[]> {
    if (!rows.length) return [];
    const { rows: history } = await c.query<HistoryRow>('SELECT * FROM ticket_history WHERE ticket_id = ANY($1::uuid[]) ORDER BY seq', [
      rows.map((r) => r.id),
    ]);
    const grouped = groupHistory(history);
    return rows.map((r) => ticketFromRow(r, grouped.get(r.id) ?? []));
  }

  async function getOne(column: 'id' | 'code', value: string, c: Queryable = pool, lock = false): Promise<TicketRow | undefined> {
    if (column === 'id' && !/^[0-9a-f-]{36}$/i.test(value)) return undefined;
    const { rows } = await c.query<TicketRow>(`SELECT * FROM tickets WHERE ${column} = $1${lock ? ' FOR UPDATE' : ''}`, [value]);
    return rows[0];
  }

  async function mustLock(c: Queryable, column: 'id' | 'code', value: string): Promise<TicketRow> {
    const row = await getOne(column, value, c, true);
    if (!row) throw new TicketNotFoundError(value);
    return row;
  }

  const reload = async (id: string, c: Queryable = pool) => (await loadMany([(await getOne('id', id, c))!], c))[0]!;

  async function erase(c: Queryable, code: string, by: string): Promise<string> {
    const row = await mustLock(c, 'code', code);
    const now = clock.now();
    const point = row.lat !== null && row.lng !== null ? coarsen({ lat: row.lat, lng: row.lng }) : undefined;
    await c.query(
      `UPDATE tickets SET contact_phone = NULL, person_key = NULL, consent_purpose = NULL, consent_at = NULL, photos = '[]', address = NULL,
       address_key = NULL, lat = $2, lng = $3, personal_data_erased_at = $4, updated_at = $4 WHERE id = $1`,
      [row.id, point?.lat ?? null, point?.lng ?? null, now],
    );
    await addHistory(c, row.id, { event: 'erased', status: row.status, internalNote: 'personal data erased', at: now, by });
    await c.query('DELETE FROM person_links WHERE ticket_id = $1', [row.id]);
    return row.id;
  }

  /** The ticket an earlier creation with the same key filed, if any. */
  async function alreadyFiled(idempotency: NewTicket['idempotency']): Promise<Ticket | undefined> {
    if (!idempotency) return undefined;
    const { rows } = await pool.query<TicketRow & { idempotency_fingerprint: string | null }>(
      'SELECT * FROM tickets WHERE idempotency_key = $1',
      [idempotency.key],
    );
    const row = rows[0];
    if (!row) return undefined;
    if ((idempotency.fingerprint ?? null) !== row.idempotency_fingerprint) throw new IdempotencyConflictError(idempotency.key);
    return (await loadMany([row]))[0];
  }

  return {
    async create(input) {
      const now = clock.now();
      const t = prepareNewTicket(input, now);
      const year = hueYear(now);
      const earlier = await alreadyFiled(input.idempotency);
      if (earlier) return earlier;
      const created = await tx(async (c) => {
        const id = randomUUID();
        let inserted = false;
        for (let attempt = 0; attempt < CODE_ATTEMPTS && !inserted; attempt++) {
          // Without a conflict target, a taken code and a repeated idempotency key both leave the transaction usable.
          const { rowCount } = await c.query(
            `INSERT INTO tickets (id, code, category, unit_name, expected_by, status, description, lat, lng, address, address_key, ward,
             photos, contact_phone, consent_purpose, consent_at, public_consent_at, attributes, reporter_channel, reporter_conversation,
             reporter_user, lang, supporters, created_at, updated_at, idempotency_key, idempotency_fingerprint)
             VALUES ($1,$2,$3,$4,$5,'received',$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,0,$22,$22,$23,$24)
             ON CONFLICT DO NOTHING`,
            [
              id, drawCode(prefix, year), t.category, t.unitName, t.expectedBy, t.description,
              t.location?.lat ?? null, t.location?.lng ?? null, t.address ?? null, t.addressKey ?? null, t.ward ?? null,
              JSON.stringify(t.photos), t.contactPhone ?? null, t.consent?.purpose ?? null, t.consent?.at ?? null,
              t.publicConsentAt ?? null, JSON.stringify(t.attributes), t.reporter.channel, t.reporter.conversationId,
              t.reporter.userId, t.lang, now, input.idempotency?.key ?? null, input.idempotency?.fingerprint ?? null,
            ],
          );
          inserted = rowCount === 1;
          if (!inserted && input.idempotency) {
            const { rowCount: repeated } = await c.query('SELECT 1 FROM tickets WHERE idempotency_key = $1', [input.idempotency.key]);
            // A racing repeat committed the key first: roll back and answer with its ticket.
            if (repeated) throw new RepeatedKey();
          }
        }
        if (!inserted) throw new Error(`no free ticket code after ${CODE_ATTEMPTS} draws`);
        await addHistory(c, id, { event: 'created', status: 'received', at: now, by: 'citizen' });
        return reload(id, c);
      }).catch(async (error: unknown) => {
        if (!(error instanceof RepeatedKey)) throw error;
        return undefined;
      });
      if (created) return created;
      const repeated = await alreadyFiled(input.idempotency);
      if (!repeated) throw new Error('idempotency key conflicted but its ticket is not visible');
      return repeated;
    },
    async getByCode(code) {
      const row = await getOne('code', code.trim().toUpperCase());
      return row ? (await loadMany([row]))[0] : undefined;
    },
    async getById(id) {
      const row = await getOne('id', id);
      return row ? (await loadMany([row]))[0] : undefined;
    },
    async getByIdempotencyKey(key) {
      const { rows } = await pool.query<TicketRow>('SELECT * FROM tickets WHERE idempotency_key = $1', [key]);
      return rows[0] ? (await loadMany([rows[0]]))[0] : undefined;
    },
    async listByReporter(channel, userId, limit = 20) {
      const { rows } = await pool.query<TicketRow>(
        'SELECT * FROM tickets WHERE reporter_channel = $1 AND reporter_user = $2 ORDER BY created_at DESC, filed_seq DESC LIMIT $3',
        [channel, userId, limit],
      );
      return loadMany(rows);
    },
    async list(filters = {}) {
      const f = buildTicketFilter(filters, pgDialect);
      const n = f.params.length;
      const { rows } = await pool.query<TicketRow>(
        `SELECT * FROM tickets ${f.where} ORDER BY created_at DESC, filed_seq DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...f.params, f.limit, f.offset],
      );
      return loadMany(rows);
    },
    async findOpenNearby({ category, point, radiusMeters, since }) {
      const box = boundingBox(point, radiusMeters);
      const { rows } = await pool.query<TicketRow>(
        `SELECT * FROM tickets WHERE category = $1 AND ${OPEN} AND created_at >= $2
         AND lat BETWEEN $3 AND $4 AND lng BETWEEN $5 AND $6`,
        [category, since, box.minLat, box.maxLat, box.minLng, box.maxLng],
      );
      return loadMany(nearestWithin(rows, point, radiusMeters));
    },
    async findOpenByAddress(category, address, since) {
      const { rows } = await pool.query<TicketRow>(
        `SELECT * FROM tickets WHERE category = $1 AND address_key = $2 AND ${OPEN} AND created_at >= $3 ORDER BY created_at DESC`,
        [category, addressKey(address), since],
      );
      return loadMany(rows);
    },
    async addSupport(ticketId, details) {
      return tx(async (c) => {
        const row = await mustLock(c, 'id', ticketId);
        const now = clock.now();
        await c.query('UPDATE tickets SET supporters = supporters + 1, photos = photos || $2::jsonb, updated_at = $3 WHERE id = $1', [
          row.id, JSON.stringify(details.photos ?? []), now,
        ]);
        const note = details.description?.trim() || undefined;
        await addHistory(c, row.id, { event: 'support', status: row.status, internalNote: note, at: now, by: details.by ?? 'citizen' });
        return reload(row.id, c);
      });
    },
    async changeStatus(code, change) {
      return tx(async (c) => {
        const row = await mustLock(c, 'code', code.trim().toUpperCase());
        assertTransition(row.status, change.status);
        const publicNote = change.publicNote?.trim() || undefined;
        const internalNote = change.internalNote?.trim() || undefined;
        if (row.status === change.status && !publicNote && !internalNote) throw new InvalidTicketError('nothing to change');
        const now = clock.now();
        await c.query('UPDATE tickets SET status = $2, updated_at = $3 WHERE id = $1', [row.id, change.status, now]);
        await addHistory(c, row.id, { event: 'status', status: change.status, publicNote, internalNote, at: now, by: change.by });
        if (isPublicChange(row.status, change.status, publicNote)) {
          await c.query(
            `INSERT INTO outbox (id, ticket_id, ticket_code, channel, conversation_id, user_id, lang, status, public_note, created_at,
             next_attempt_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10)`,
            [randomUUID(), row.id, row.code, row.reporter_channel, row.reporter_conversation, row.reporter_user, row.lang,
              change.status, publicNote ?? null, now],
          );
        }
        return reload(row.id, c);
      });
    },
    async recordSatisfaction(code, value) {
      return tx(async (c) => {
        const row = await mustLock(c, 'code', code.trim().toUpperCase());
        if (isOpenStatus(row.status)) throw new InvalidTicketError('a ticket can be rated once it is closed');
        await c.query('UPDATE tickets SET satisfaction = $2 WHERE id = $1', [row.id, value]);
        return reload(row.id, c);
      });
    },
    async erasePersonalData(code, by = 'staff') {
      return tx(async (c) => reload(await erase(c, code.trim().toUpperCase(), by), c));
    },
    async purgePersonalDataOlderThan(cutoff) {
      // Several servers may purge at once: each takes rows no one else holds (SKIP LOCKED) and
      // re-checks them under its lock, so every ticket is erased once, with one history entry.
      let erased = 0;
      for (;;) {
        const batch = await tx(async (c) => {
          const { rows } = await c.query<{ code: string }>(
            `SELECT code FROM tickets WHERE created_at < $1 AND personal_data_erased_at IS NULL
             ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
            [cutoff],
          );
          for (const { code } of rows) await erase(c, code, 'system');
          return rows.length;
        });
        erased += batch;
        if (batch < 100) break;
      }
      await pool.query('DELETE FROM conversation_refs WHERE updated_at < $1', [cutoff]);
      await pool.query('DELETE FROM person_links WHERE linked_at < $1', [cutoff]);
      return erased;
    },
    async counts() {
      const tickets = await pool.query<{ category: string; status: string; count: string }>(
        'SELECT category, status, COUNT(*) AS count FROM tickets GROUP BY category, status ORDER BY category, status',
      );
      const outbox = await pool.query<{ n: string }>("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'");
      return {
        byCategoryAndStatus: tickets.rows.map((r) => ({ category: r.category, status: r.status, count: Number(r.count) })),
        outboxPending: Number(outbox.rows[0]?.n ?? 0),
      };
    },
    outbox: pgOutbox(pool, clock),
    messages: pgMessageQueue(pool),
    handoffs: pgHandoffs(pool, tx),
    personLinks: pgPersonLinks(pool),
    feedback: pgFeedback(pool),
    conversationRefs: pgConversationRefs(pool, clock),
    async photosInUse(refs) {
      const { rows } = await pool.query<{ ref: string }>(
        'SELECT DISTINCT p AS ref FROM tickets, jsonb_array_elements_text(tickets.photos) AS p WHERE p = ANY($1::text[])',
        [refs],
      );
      return new Set(rows.map((r) => r.ref));
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}
