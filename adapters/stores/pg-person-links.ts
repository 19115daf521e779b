/** Person links on the PostgreSQL ticket database (see PersonLinkStore). */
import type pg from 'pg';
import type { PersonLinkStore } from '../../bot/notices/ports.ts';
import { personLinkFromRow, type PersonLinkRow } from './handoff-rows.ts';

export function pgPersonLinks(pool: pg.Pool): PersonLinkStore {
  return {
    async link(link, now) {
      await pool.query(
        `INSERT INTO person_links (person_key, channel, user_id, source, ticket_id, linked_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (channel, user_id, person_key) DO UPDATE SET source = excluded.source,
           ticket_id = excluded.ticket_id, linked_at = excluded.linked_at`,
        [link.personKey, link.channel, link.userId, link.source, link.ticketId ?? null, now],
      );
    },
    async linkReport(ticketId, personKey) {
      await pool.query('UPDATE tickets SET person_key = $1 WHERE id = $2 AND personal_data_erased_at IS NULL', [personKey, ticketId]);
    },
    async linksOf(address) {
      const { rows } = await pool.query<PersonLinkRow>('SELECT * FROM person_links WHERE channel = $1 AND user_id = $2 ORDER BY linked_at', [
        address.channel,
        address.userId,
      ]);
      return rows.map(personLinkFromRow);
    },
  };
}
