/** Person links on the SQLite ticket database (see PersonLinkStore). */
import type Database from 'better-sqlite3';
import type { PersonLinkStore } from '../../bot/notices/ports.ts';
import { personLinkFromRow, type PersonLinkRow } from './handoff-rows.ts';

export function sqlitePersonLinks(db: Database.Database): PersonLinkStore {
  const upsert = db.prepare(`INSERT INTO person_links (person_key, channel, user_id, source, ticket_id, linked_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (channel, user_id, person_key) DO UPDATE SET source = excluded.source,
      ticket_id = excluded.ticket_id, linked_at = excluded.linked_at`);
  const report = db.prepare('UPDATE tickets SET person_key = ? WHERE id = ? AND personal_data_erased_at IS NULL');
  const byAddress = db.prepare('SELECT * FROM person_links WHERE channel = ? AND user_id = ? ORDER BY linked_at');
  return {
    async link(link, now) {
      upsert.run(link.personKey, link.channel, link.userId, link.source, link.ticketId ?? null, now.toISOString());
    },
    async linkReport(ticketId, personKey) {
      report.run(personKey, ticketId);
    },
    async linksOf(address) {
      return (byAddress.all(address.channel, address.userId) as PersonLinkRow[]).map(personLinkFromRow);
    },
  };
}
