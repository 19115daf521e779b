/** Fuzz on PostgreSQL with a fresh schema: the endpoints that touch the ticket store (see harness.ts). */
import { fuzzSuite } from './harness.ts';

fuzzSuite('postgres', ['GET /staff/api/tickets', '/staff/api/tickets/:code', 'GET /open311/v2/*', 'POST /open311/v2/requests (form)', 'POST /open311/v2/requests (JSON)', 'POST /api/chat']);
