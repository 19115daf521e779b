import pg from 'pg';

/** Append-only: never edit a shipped migration, add the next one. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE tickets (
    id uuid PRIMARY KEY,
    code text NOT NULL UNIQUE,
    category text NOT NULL,
    unit_name text NOT NULL,
    expected_by text NOT NULL,
    status text NOT NULL CHECK (status IN ('received','in_progress','resolved','rejected')),
    description text NOT NULL,
    lat double precision,
    lng double precision,
    address text,
    address_key text,
    ward text,
    photos jsonb NOT NULL DEFAULT '[]',
    contact_phone text,
    consent_purpose text,
    consent_at timestamptz,
    attributes jsonb NOT NULL DEFAULT '{}',
    reporter_channel text NOT NULL,
    reporter_conversation text NOT NULL,
    reporter_user text NOT NULL,
    lang text NOT NULL,
    supporters integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    satisfaction text CHECK (satisfaction IN ('up','down')),
    personal_data_erased_at timestamptz
  );
  CREATE INDEX tickets_category_status ON tickets (category, status, created_at);
  CREATE INDEX tickets_reporter ON tickets (reporter_channel, reporter_user, created_at);
  CREATE INDEX tickets_created ON tickets (created_at);
  CREATE INDEX tickets_lat ON tickets (lat);
  CREATE TABLE ticket_history (
    seq bigserial PRIMARY KEY,
    ticket_id uuid NOT NULL REFERENCES tickets(id),
    event text NOT NULL,
    status text NOT NULL,
    public_note text,
    internal_note text,
    at timestamptz NOT NULL,
    by text NOT NULL
  );
  CREATE INDEX ticket_history_ticket ON ticket_history (ticket_id, seq);
  CREATE TABLE ticket_counters (year integer PRIMARY KEY, last integer NOT NULL);
  CREATE TABLE outbox (
    id uuid PRIMARY KEY,
    seq bigserial NOT NULL,
    ticket_id uuid NOT NULL REFERENCES tickets(id),
    ticket_code text NOT NULL,
    channel text NOT NULL,
    conversation_id text NOT NULL,
    user_id text NOT NULL,
    lang text NOT NULL,
    status text NOT NULL,
    public_note text,
    created_at timestamptz NOT NULL,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','delivered','undeliverable')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    lease_until timestamptz,
    last_error text,
    delivered_at timestamptz
  );
  CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
  CREATE TABLE conversation_refs (
    channel text NOT NULL,
    conversation_id text NOT NULL,
    ref jsonb NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (channel, conversation_id)
  );
  `,
  // A repeated confirmation or client retry carries the same key; the unique index lets one ticket through.
  `
  ALTER TABLE tickets ADD COLUMN idempotency_key text;
  ALTER TABLE tickets ADD COLUMN idempotency_fingerprint text;
  CREATE UNIQUE INDEX tickets_idempotency_key ON tickets (idempotency_key);
  `,
  // Platform credentials that rotate (the Zalo refresh token), shared by every server.
  `
  CREATE TABLE channel_tokens (
    channel text PRIMARY KEY,
    tokens jsonb NOT NULL,
    updated_at timestamptz NOT NULL
  );
  `,
  // Staff accounts, console sessions, the audit trail of staff actions, and secrets shared by every server.
  `
  CREATE TABLE staff_accounts (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    name_key text NOT NULL UNIQUE,
    role text NOT NULL CHECK (role IN ('agent','editor','admin')),
    password_hash text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    must_change_password boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL
  );
  CREATE TABLE staff_sessions (
    token_hash text PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES staff_accounts(id),
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
  );
  CREATE INDEX staff_sessions_account ON staff_sessions (account_id);
  CREATE TABLE staff_audit (
    seq bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    ticket_code text,
    details jsonb
  );
  CREATE INDEX staff_audit_ticket ON staff_audit (ticket_code, seq);
  CREATE TABLE service_secrets (name text PRIMARY KEY, value text NOT NULL);
  `,
  // The review queue: questions the assistant could not answer well, grouped; answers given per entry.
  `
  CREATE TABLE review_groups (
    id text PRIMARY KEY,
    group_key text NOT NULL UNIQUE,
    lang text NOT NULL,
    sample text NOT NULL,
    entry_id text,
    count integer NOT NULL DEFAULT 1,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','added','dismissed','out-of-scope')),
    first_at timestamptz NOT NULL,
    last_at timestamptz NOT NULL,
    resolved_at timestamptz,
    resolved_by text,
    resolution text
  );
  CREATE INDEX review_groups_status ON review_groups (status, count, last_at);
  CREATE TABLE review_questions (
    seq bigserial PRIMARY KEY,
    group_id text NOT NULL REFERENCES review_groups(id),
    text text NOT NULL,
    lang text NOT NULL,
    channel text NOT NULL,
    reason text NOT NULL,
    candidates jsonb NOT NULL DEFAULT '[]',
    entry_id text,
    at timestamptz NOT NULL
  );
  CREATE INDEX review_questions_group ON review_questions (group_id, seq);
  CREATE TABLE answer_usage (
    entry_id text NOT NULL,
    lang text NOT NULL,
    answers integer NOT NULL,
    last_at timestamptz NOT NULL,
    PRIMARY KEY (entry_id, lang)
  );
  `,
  `
  CREATE TABLE handoffs (
    id uuid PRIMARY KEY,
    channel text NOT NULL,
    conversation_id text NOT NULL,
    user_id text NOT NULL,
    lang text NOT NULL,
    contact text NOT NULL CHECK (contact IN ('citizens','tourists')),
    status text NOT NULL CHECK (status IN ('waiting','claimed','released','expired')),
    claimed_by text,
    opened_at timestamptz NOT NULL,
    claimed_at timestamptz,
    closed_at timestamptz,
    updated_at timestamptz NOT NULL
  );
  CREATE UNIQUE INDEX handoffs_one_active ON handoffs (channel, conversation_id) WHERE status IN ('waiting','claimed');
  CREATE INDEX handoffs_status ON handoffs (status, opened_at);
  CREATE TABLE handoff_messages (
    seq bigserial PRIMARY KEY,
    handoff_id uuid NOT NULL REFERENCES handoffs(id),
    author text NOT NULL CHECK (author IN ('person','assistant','staff')),
    by text,
    text text NOT NULL,
    at timestamptz NOT NULL
  );
  CREATE INDEX handoff_messages_handoff ON handoff_messages (handoff_id, seq);
  CREATE TABLE message_outbox (
    id uuid PRIMARY KEY,
    seq bigserial NOT NULL,
    channel text NOT NULL,
    conversation_id text NOT NULL,
    user_id text NOT NULL,
    lang text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('handoff','ticket')),
    ticket_code text,
    text text NOT NULL,
    created_at timestamptz NOT NULL,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','delivered','held','shown')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    lease_until timestamptz,
    last_error text,
    delivered_at timestamptz
  );
  CREATE INDEX message_outbox_due ON message_outbox (state, next_attempt_at);
  CREATE INDEX message_outbox_held ON message_outbox (channel, user_id, state);
  CREATE TABLE answer_feedback (
    id uuid PRIMARY KEY,
    entry_id text NOT NULL,
    value text NOT NULL CHECK (value IN ('up','down')),
    lang text NOT NULL,
    channel text NOT NULL,
    question text,
    at timestamptz NOT NULL
  );
  CREATE INDEX answer_feedback_entry ON answer_feedback (entry_id, at);
  CREATE INDEX answer_feedback_value ON answer_feedback (value, at);
  `,
  // When the reporter agreed that the description and address may appear in the public listing;
  // filed_seq orders tickets filed in the same instant now that codes are random.
  `
  ALTER TABLE tickets ADD COLUMN public_consent_at timestamptz;
  ALTER TABLE tickets ADD COLUMN filed_seq bigserial;
  `,
  // One person on several channels: a keyed hash of the phone number each conversation gave (never
  // the number), and what a held ticket update said, to word it again in another conversation's language.
  `
  CREATE TABLE person_links (
    person_key text NOT NULL,
    channel text NOT NULL,
    user_id text NOT NULL,
    source text NOT NULL CHECK (source IN ('intake','contact')),
    ticket_id uuid,
    linked_at timestamptz NOT NULL,
    PRIMARY KEY (channel, user_id, person_key)
  );
  CREATE INDEX person_links_person ON person_links (person_key);
  CREATE INDEX person_links_linked ON person_links (linked_at);
  CREATE INDEX person_links_ticket ON person_links (ticket_id);
  ALTER TABLE message_outbox ADD COLUMN ticket_status text;
  ALTER TABLE message_outbox ADD COLUMN public_note text;
  `,
  // A typed number proves nothing about who typed it: it now links only its report (the key kept
  // with the ticket, erased with its personal data), and only a number the platform vouched for
  // links a conversation. Links typed numbers made are carried over to their reports.
  `
  ALTER TABLE tickets ADD COLUMN person_key text;
  UPDATE tickets SET person_key = (SELECT l.person_key FROM person_links l WHERE l.ticket_id = tickets.id ORDER BY l.linked_at DESC LIMIT 1)
    WHERE id IN (SELECT ticket_id FROM person_links WHERE ticket_id IS NOT NULL);
  DELETE FROM person_links WHERE source = 'intake';
  CREATE INDEX tickets_person ON tickets (person_key);
  CREATE INDEX message_outbox_ticket ON message_outbox (ticket_code, state);
  `,
];

// Any constant works; it only has to be the same for every instance of this service.
const MIGRATION_LOCK = 0x48554531;

/**
 * Applies pending migrations in one transaction under an advisory lock, so instances starting
 * together migrate once and a failed migration leaves nothing half-done.
 */
export async function migratePg(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)');
    const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    for (const [i, sql] of MIGRATIONS.entries()) {
      if (i + 1 <= current) continue;
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [i + 1]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A pool whose connections use `schema` (created by the migrations if missing); the server's search_path otherwise. */
export function pgPool(options: { connectionString: string; schema?: string; poolSize: number }): pg.Pool {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name ${schema}`);
  return new pg.Pool({ connectionString: options.connectionString, max: options.poolSize, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
}

/** A pool on a migrated database: every store opens its own and the migrations run (once) first. */
export async function openMigratedPgPool(options: { connectionString: string; schema?: string; poolSize: number }): Promise<pg.Pool> {
  const pool = pgPool(options);
  try {
    await migratePg(pool, options.schema);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return pool;
}
