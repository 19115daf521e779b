import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteReviewQueue } from '../adapters/stores/sqlite-review-queue.ts';
import { describeReviewQueueContract } from './review-queue.contract.ts';

describeReviewQueueContract('sqlite', async () => openSqliteReviewQueue({ file: join(mkdtempSync(join(tmpdir(), 'hue-review-')), 'tickets.sqlite') }));
