import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../bot/ports.ts';
import { IdempotencyConflictError, InvalidTicketError, TicketNotFoundError } from '../../bot/tickets/errors.ts';
import { boundingBox, coarsen, nearestWithin } from '../../bot/tickets/geo.ts';
import { addressKey, prepareNewTicket } from '../../bot/tickets/new-ticket.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import { hueYear, newTicketCode } from '../../bot/tickets/ticket-code.ts';
import { assertTransition, isOpenStatus, isPublicChange } from '../../bot/tickets/transitions.ts';
import type { HistoryEntry, NewTicket, Ticket } from '../../bot/tickets/types.ts';
import { migrateSqlite } from './sqlite-migrations.ts';
import { sqliteConversationRefs, sqliteOutbox } from './sqlite-outbox.ts';
import { sqliteFeedback, sqliteHandoffs, sqliteMessageQueue } from './sqlite-handoffs.ts';
import { sqlitePersonLinks } from './sqlite-person-links.ts';
import { buildTicketFilter, sqliteDialect } from './ticket-filter-sql.ts';
import { groupHistory, ticketFromRow, type HistoryRow, type TicketRow } from './ticket-rows.ts';

export interface SqliteTicketStoreOptions {
  /** File path, or ':memory:' in tests. */
  file: string;
  codePrefix?: string;
  clock?: Clock;
  /** Draws a ticket code; tests pass one that collides. */
  newCode?: (prefix: string, year: number) => string;
}

/** Random codes almost never collide; a few fresh draws settle the rare case. */
const CODE_ATTEMPTS = 8;

const iso = (d: Date) => d.toISOString();

/** Ticket store on one SQLite file (WAL, synchronous=FULL): every committed ticket survives a power cut. */
export function openSqliteTicketStore(options: SqliteTicketStoreOptions): TicketStore {
  const clock = options.clock ?? systemClock;
  const prefix = options.codePrefix ?? 'HUE';
  const drawCode = options.newCode ?? newTicketCode;
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrateSqlite(db);

  const insertTicket = db.prepare(`INSERT INTO tickets (id, code, category, unit_name, expected_by, status, description, lat, lng,
    address, address_key, ward, photos, contact_phone, consent_purpose, consent_at, public_consent_at, attributes, reporter_channel,
    reporter_conversation, reporter_user, lang, supporters, created_at, updated_at, idempotency_key, idempotency_fingerprint)
    VALUES (@id, @code, @category, @unitName, @expectedBy, 'received', @description, @lat, @lng, @address, @addressKey, @ward,
    @photos, @contactPhone, @consentPurpose, @consentAt, @publicConsentAt, @attributes, @channel, @conversationId, @userId, @lang, 0, @now, @now,
    @idempotencyKey, @idempotencyFingerprint)
    ON CONFLICT (code) DO NOTHING`);
  const byIdempotencyKey = db.prepare('SELECT id, idempotency_fingerprint AS fingerprint FROM tickets WHERE idempotency_key = ?');
  const insertHistory = db.prepare(`INSERT INTO ticket_history (ticket_id, event, status, public_note, internal_note, at, by)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const byId = db.prepare('SELECT * FROM tickets WHERE id = ?');
  const byCode = db.prepare('SELECT * FROM tickets WHERE code = ?');
  const historyOf = db.prepare('SELECT * FROM ticket_history WHERE ticket_id = ? ORDER BY seq');
  const insertOutbox = db.prepare(`INSERT INTO outbox (id, ticket_id, ticket_code, channel, conversation_id, user_id, lang, status,
    public_note, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  const addHistory = (ticketId: string, h: HistoryEntry) =>
    insertHistory.run(ticketId, h.event, h.status, h.publicNote ?? null, h.internalNote ?? null, iso(h.at), h.by);

  const load = (row: TicketRow | undefined): Ticket | undefined =>
    row ? ticketFromRow(row, historyOf.all(row.id) as HistoryRow[]) : undefined;

  const loadMany = (rows: TicketRow[]): Ticket[] => {
    if (!rows.length) return [];
    const history = db
      .prepare(`SELECT * FROM ticket_history WHERE ticket_id IN (${rows.map(() => '?').join(',')}) ORDER BY seq`)
      .all(...rows.map((r) => r.id)) as HistoryRow[];
    const grouped = groupHistory(history);
    return rows.map((r) => ticketFromRow(r, grouped.get(r.id) ?? []));
  };

  const mustGet = (column: 'code' | 'id', value: string): TicketRow => {
    const row = (column === 'code' ? byCode : byId).get(value) as TicketRow | undefined;
    if (!row) throw new TicketNotFoundError(value);
    return row;
  };

  /** The ticket an earlier creation with the same key filed, if any. */
  const alreadyFiled = (idempotency: NewTicket['idempotency']): string | undefined => {
    if (!idempotency) return undefined;
    const row = byIdempotencyKey.get(idempotency.key) as { id: string; fingerprint: string | null } | undefined;
    if (!row) return undefined;
    if ((idempotency.fingerprint ?? null) !== row.fingerprint) throw new IdempotencyConflictError(idempotency.key);
    return row.id;
  };

  const create = db.transaction((input: NewTicket): string => {
    const now = clock.now();
    const t = prepareNewTicket(input, now);
    // Inside the immediate transaction no other writer can file the same key in between.
    const earlier = alreadyFiled(input.idempotency);
    if (earlier) return earlier;
    const year = hueYear(now);
    const id = randomUUID();
    const row = {
      id,
      code: '',
      category: t.category,
      unitName: t.unitName,
      expectedBy: t.expectedBy,
      description: t.description,
      lat: t.location?.lat ?? null,
      lng: t.location?.lng ?? null,
      address: t.address ?? null,
      addressKey: t.addressKey ?? null,
      ward: t.ward ?? null,
      photos: JSON.stringify(t.photos),
      contactPhone: t.contactPhone ?? null,
      consentPurpose: t.consent?.purpose ?? null,
      consentAt: t.consent ? iso(t.consent.at) : null,
      publicConsentAt: t.publicConsentAt ? iso(t.publicConsentAt) : null,
      attributes: JSON.stringify(t.attributes),
      channel: t.reporter.channel,
      conversationId: t.reporter.conversationId,
      userId: t.reporter.userId,
      lang: t.lang,
      now: iso(now),
      idempotencyKey: input.idempotency?.key ?? null,
      idempotencyFingerprint: input.idempotency?.fingerprint ?? null,
    };
    let inserted = false;
    for (let attempt = 0; attempt < CODE_ATTEMPTS && !inserted; attempt++) {
      inserted = insertTicket.run({ ...row, code: drawCode(prefix, year) }).changes === 1;
    }
    if (!inserted) throw new Error(`no free ticket code after ${CODE_ATTEMPTS} draws`);
    addHistory(id, { event: 'created', status: 'received', at: now, by: 'citizen' });
    return id;
  });

  const changeStatus = db.transaction((code: string, change: Parameters<TicketStore['changeStatus']>[1]): string => {
    const row = mustGet('code', code);
    assertTransition(row.status, change.status);
    const publicNote = change.publicNote?.trim() || undefined;
    const internalNote = change.internalNote?.trim() || undefined;
    if (row.status === change.status && !publicNote && !internalNote) throw new InvalidTicketError('nothing to change');
    const now = clock.now();
    db.prepare('UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?').run(change.status, iso(now), row.id);
    addHistory(row.id, { event: 'status', status: change.status, publicNote, internalNote, at: now, by: change.by });
    if (isPublicChange(row.status, change.status, publicNote)) {
      insertOutbox.run(randomUUID(), row.id, row.code, row.reporter_channel, row.reporter_conversation, row.reporter_user,
        row.lang, change.status, publicNote ?? null, iso(now), iso(now));
    }
    return row.id;
  });

  const addSupport = db.transaction((ticketId: string, details: Parameters<TicketStore['addSupport']>[1]) => {
    const row = mustGet('id', ticketId);
    const now = clock.now();
    const photos = [...(JSON.parse(row.photos as string) as string[]), ...(details.photos ?? [])];
    db.prepare('UPDATE tickets SET supporters = supporters + 1, photos = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(photos), iso(now), row.id);
    addHistory(row.id, { event: 'support', status: row.status, internalNote: details.description?.trim() || undefined, at: now, by: details.by ?? 'citizen' });
  });

  const erase = db.transaction((code: string, by: string): string => {
    const row = mustGet('code', code);
    const now = clock.now();
    const point = row.lat !== null && row.lng !== null ? coarsen({ lat: row.lat, lng: row.lng }) : undefined;
    db.prepare(`UPDATE tickets SET contact_phone = NULL, person_key = NULL, consent_purpose = NULL, consent_at = NULL, photos = '[]', address = NULL,
      address_key = NULL, lat = ?, lng = ?, personal_data_erased_at = ?, updated_at = ? WHERE id = ?`)
      .run(point?.lat ?? null, point?.lng ?? null, iso(now), iso(now), row.id);
    addHistory(row.id, { event: 'erased', status: row.status, internalNote: 'personal data erased', at: now, by });
    db.prepare('DELETE FROM person_links WHERE ticket_id = ?').run(row.id);
    return row.id;
  });

  const store: TicketStore = {
    async create(input) {
      return load(byId.get(create.immediate(input)) as TicketRow)!;
    },
    async getByCode(code) {
      return load(byCode.get(code.trim().toUpperCase()) as TicketRow | undefined);
    },
    async getById(id) {
      return load(byId.get(id) as TicketRow | undefined);
    },
    async getByIdempotencyKey(key) {
      const row = byIdempotencyKey.get(key) as { id: string } | undefined;
      return row ? load(byId.get(row.id) as TicketRow | undefined) : undefined;
    },
    async listByReporter(channel, userId, limit = 20) {
      const rows = db
        .prepare('SELECT * FROM tickets WHERE reporter_channel = ? AND reporter_user = ? ORDER BY created_at DESC, rowid DESC LIMIT ?')
        .all(channel, userId, limit) as TicketRow[];
      return loadMany(rows);
    },
    async list(filters = {}) {
      const f = buildTicketFilter(filters, sqliteDialect);
      const rows = db
        .prepare(`SELECT * FROM tickets ${f.where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`)
        .all(...f.params, f.limit, f.offset) as TicketRow[];
      return loadMany(rows);
    },
    async findOpenNearby({ category, point, radiusMeters, since }) {
      const box = boundingBox(point, radiusMeters);
      const rows = db
        .prepare(`SELECT * FROM tickets WHERE category = ? AND status IN ('received','in_progress') AND created_at >= ?
          AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?`)
        .all(category, iso(since), box.minLat, box.maxLat, box.minLng, box.maxLng) as TicketRow[];
      return loadMany(nearestWithin(rows, point, radiusMeters));
    },
    async findOpenByAddress(category, address, since) {
      const rows = db
        .prepare(`SELECT * FROM tickets WHERE category = ? AND address_key = ? AND status IN ('received','in_progress')
          AND created_at >= ? ORDER BY created_at DESC`)
        .all(category, addressKey(address), iso(since)) as TicketRow[];
      return loadMany(rows);
    },
    async addSupport(ticketId, details) {
      addSupport.immediate(ticketId, details);
      return load(byId.get(ticketId) as TicketRow)!;
    },
    async changeStatus(code, change) {
      return load(byId.get(changeStatus.immediate(code.trim().toUpperCase(), change)) as TicketRow)!;
    },
    async recordSatisfaction(code, value) {
      const row = mustGet('code', code.trim().toUpperCase());
      if (isOpenStatus(row.status)) throw new InvalidTicketError('a ticket can be rated once it is closed');
      db.prepare('UPDATE tickets SET satisfaction = ? WHERE id = ?').run(value, row.id);
      return load(byId.get(row.id) as TicketRow)!;
    },
    async erasePersonalData(code, by = 'staff') {
      return load(byId.get(erase.immediate(code.trim().toUpperCase(), by)) as TicketRow)!;
    },
    async purgePersonalDataOlderThan(cutoff) {
      const codes = db
        .prepare('SELECT code FROM tickets WHERE created_at < ? AND personal_data_erased_at IS NULL')
        .all(iso(cutoff)) as { code: string }[];
      for (const { code } of codes) erase.immediate(code, 'system');
      db.prepare('DELETE FROM conversation_refs WHERE updated_at < ?').run(iso(cutoff));
      db.prepare('DELETE FROM person_links WHERE linked_at < ?').run(iso(cutoff));
      return codes.length;
    },
    async counts() {
      const byCategoryAndStatus = db.prepare('SELECT category, status, COUNT(*) AS count FROM tickets GROUP BY category, status ORDER BY category, status').all() as {
        category: string;
        status: string;
        count: number;
      }[];
      const { n } = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number };
      return { byCategoryAndStatus, outboxPending: n };
    },
    outbox: sqliteOutbox(db, clock),
    messages: sqliteMessageQueue(db),
    handoffs: sqliteHandoffs(db),
    personLinks: sqlitePersonLinks(db),
    feedback: sqliteFeedback(db),
    conversationRefs: sqliteConversationRefs(db, clock),
    async photosInUse(refs) {
      const used = new Set<string>();
      // Chunks stay below SQLite's limit on bound parameters.
      for (let i = 0; i < refs.length; i += 500) {
        const chunk = refs.slice(i, i + 500);
        const rows = db
          .prepare(`SELECT DISTINCT p.value AS ref FROM tickets, json_each(tickets.photos) AS p WHERE p.value IN (${chunk.map(() => '?').join(',')})`)
          .all(...chunk) as { ref: string }[];
        for (const row of rows) used.add(row.ref);
      }
      return used;
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
  return store;
}
