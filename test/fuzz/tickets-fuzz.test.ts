/** Fuzz: the staff API and Open311 (form, JSON, XML), on SQLite (see harness.ts). */
import { fuzzSuite } from './harness.ts';

fuzzSuite('sqlite', ['GET /staff/api/tickets', '/staff/api/tickets/:code', 'GET /open311/v2/*', 'POST /open311/v2/requests (form)', 'POST /open311/v2/requests (JSON)', 'POST /open311/v2/requests (XML)']);
