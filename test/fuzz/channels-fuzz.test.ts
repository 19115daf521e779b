/** Fuzz: the web chat's endpoints and the three webhooks, on SQLite (see harness.ts). */
import { fuzzSuite } from './harness.ts';

fuzzSuite('sqlite', ['POST /api/chat', 'GET /api/chat/notices', 'POST /api/uploads', 'POST /telegram/webhook', 'POST /zalo/webhook', 'POST /api/messages (Bot Framework)']);
