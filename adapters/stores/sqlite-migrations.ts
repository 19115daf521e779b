import type Database from 'better-sqlite3';

/** Append-only: never edit a shipped migration, add the next one. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    expected_by TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received','in_progress','resolved','rejected')),
    description TEXT NOT NULL,
    lat REAL,
    lng REAL,
    address TEXT,
    address_key TEXT,
    ward TEXT,
    photos TEXT NOT NULL DEFAULT '[]',
    contact_phone TEXT,
    consent_purpose TEXT,
    consent_at TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    reporter_channel TEXT NOT NULL,
    reporter_conversation TEXT NOT NULL,
    reporter_user TEXT NOT NULL,
    lang TEXT NOT NULL,
    supporters INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    satisfaction TEXT CHECK (satisfaction IN ('up','down')),
    personal_data_erased_at TEXT
  );
  CREATE INDEX tickets_category_status ON tickets (category, status, created_at);
  CREATE INDEX tickets_reporter ON tickets (reporter_channel, reporter_user, created_at);
  CREATE INDEX tickets_created ON tickets (created_at);
  CREATE INDEX tickets_lat ON tickets (lat);
  CREATE TABLE ticket_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    event TEXT NOT NULL,
    status TEXT NOT NULL,
    public_note TEXT,
    internal_note TEXT,
    at TEXT NOT NULL,
    by TEXT NOT NULL
  );
  CREATE INDEX ticket_history_ticket ON ticket_history (ticket_id, seq);
  CREATE TABLE ticket_counters (year INTEGER PRIMARY KEY, last INTEGER NOT NULL);
  CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    ticket_code TEXT NOT NULL,
    channel TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    status TEXT NOT NULL,
    public_note TEXT,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','delivered','undeliverable')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until TEXT,
    last_error TEXT,
    delivered_at TEXT
  );
  CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
  CREATE TABLE conversation_refs (
    channel TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    ref TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (channel, conversation_id)
  );
  `,
  // A repeated confirmation or client retry carries the same key; the unique index lets one ticket through.
  `
  ALTER TABLE tickets ADD COLUMN idempotency_key TEXT;
  ALTER TABLE tickets ADD COLUMN idempotency_fingerprint TEXT;
  CREATE UNIQUE INDEX tickets_idempotency_key ON tickets (idempotency_key);
  `,
  // Platform credentials that rotate (the Zalo refresh token), shared by every server.
  `
  CREATE TABLE channel_tokens (
    channel TEXT PRIMARY KEY,
    tokens TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // Staff accounts, console sessions, the audit trail of staff actions, and secrets shared by every server.
  `
  CREATE TABLE staff_accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('agent','editor','admin')),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES staff_accounts(id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
  );
  CREATE INDEX staff_sessions_account ON staff_sessions (account_id);
  CREATE TABLE staff_audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    ticket_code TEXT,
    details TEXT
  );
  CREATE INDEX staff_audit_ticket ON staff_audit (ticket_code, seq);
  CREATE TABLE service_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // The review queue: questions the assistant could not answer well, grouped; answers given per entry.
  `
  CREATE TABLE review_groups (
    id TEXT PRIMARY KEY,
    group_key TEXT NOT NULL UNIQUE,
    lang TEXT NOT NULL,
    sample TEXT NOT NULL,
    entry_id TEXT,
    count INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','added','dismissed','out-of-scope')),
    first_at TEXT NOT NULL,
    last_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT
  );
  CREATE INDEX review_groups_status ON review_groups (status, count, last_at);
  CREATE TABLE review_questions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id TEXT NOT NULL REFERENCES review_groups(id),
    text TEXT NOT NULL,
    lang TEXT NOT NULL,
    channel TEXT NOT NULL,
    reason TEXT NOT NULL,
    candidates TEXT NOT NULL DEFAULT '[]',
    entry_id TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX review_questions_group ON review_questions (group_id, seq);
  CREATE TABLE answer_usage (
    entry_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    answers INTEGER NOT NULL,
    last_at TEXT NOT NULL,
    PRIMARY KEY (entry_id, lang)
  );
  `,
  `
  CREATE TABLE handoffs (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    contact TEXT NOT NULL CHECK (contact IN ('citizens','tourists')),
    status TEXT NOT NULL CHECK (status IN ('waiting','claimed','released','expired')),
    claimed_by TEXT,
    opened_at TEXT NOT NULL,
    claimed_at TEXT,
    closed_at TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX handoffs_one_active ON handoffs (channel, conversation_id) WHERE status IN ('waiting','claimed');
  CREATE INDEX handoffs_status ON handoffs (status, opened_at);
  CREATE TABLE handoff_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    handoff_id TEXT NOT NULL REFERENCES handoffs(id),
    author TEXT NOT NULL CHECK (author IN ('person','assistant','staff')),
    by TEXT,
    text TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX handoff_messages_handoff ON handoff_messages (handoff_id, seq);
  CREATE TABLE message_outbox (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('handoff','ticket')),
    ticket_code TEXT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','delivered','held','shown')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until TEXT,
    last_error TEXT,
    delivered_at TEXT
  );
  CREATE INDEX message_outbox_due ON message_outbox (state, next_attempt_at);
  CREATE INDEX message_outbox_held ON message_outbox (channel, user_id, state);
  CREATE TABLE answer_feedback (
    id TEXT PRIMARY KEY,
    entry_id TEXT NOT NULL,
    value TEXT NOT NULL CHECK (value IN ('up','down')),
    lang TEXT NOT NULL,
    channel TEXT NOT NULL,
    question TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX answer_feedback_entry ON answer_feedback (entry_id, at);
  CREATE INDEX answer_feedback_value ON answer_feedback (value, at);
  `,
  // When the reporter agreed that the description and address may appear in the public listing.
  `
  ALTER TABLE tickets ADD COLUMN public_consent_at TEXT;
  `,
  // One person on several channels: a keyed hash of the phone number each conversation gave (never
  // the number), and what a held ticket update said, to word it again in another conversation's language.
  `
  CREATE TABLE person_links (
    person_key TEXT NOT NULL,
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('intake','contact')),
    ticket_id TEXT,
    linked_at TEXT NOT NULL,
    PRIMARY KEY (channel, user_id, person_key)
  );
  CREATE INDEX person_links_person ON person_links (person_key);
  CREATE INDEX person_links_linked ON person_links (linked_at);
  CREATE INDEX person_links_ticket ON person_links (ticket_id);
  ALTER TABLE message_outbox ADD COLUMN ticket_status TEXT;
  ALTER TABLE message_outbox ADD COLUMN public_note TEXT;
  `,
  // A typed number proves nothing about who typed it: it now links only its report (the key kept
  // with the ticket, erased with its personal data), and only a number the platform vouched for
  // links a conversation. Links typed numbers made are carried over to their reports.
  `
  ALTER TABLE tickets ADD COLUMN person_key TEXT;
  UPDATE tickets SET person_key = (SELECT l.person_key FROM person_links l WHERE l.ticket_id = tickets.id ORDER BY l.linked_at DESC LIMIT 1)
    WHERE id IN (SELECT ticket_id FROM person_links WHERE ticket_id IS NOT NULL);
  DELETE FROM person_links WHERE source = 'intake';
  CREATE INDEX tickets_person ON tickets (person_key);
  CREATE INDEX message_outbox_ticket ON message_outbox (ticket_code, state);
  `,
];

/** Applies pending migrations in one immediate transaction, so two processes cannot both migrate. */
export function migrateSqlite(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const apply = db.transaction(() => {
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    MIGRATIONS.forEach((sql, i) => {
      const version = i + 1;
      if (version <= current) return;
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
    });
  });
  apply.immediate();
}
