import { join } from 'node:path';
import type { Clock } from '../../bot/ports.ts';
import type { ReviewQueue } from '../../bot/review/ports.ts';
import { openPgReviewQueue } from './pg-review-queue.ts';
import { openSqliteReviewQueue } from './sqlite-review-queue.ts';

/** The review queue lives in the ticket database: PostgreSQL when `databaseUrl` is set, the SQLite file otherwise. */
export async function openReviewQueue(options: { databaseUrl?: string; schema?: string; dataDir: string; clock?: Clock }): Promise<ReviewQueue> {
  if (options.databaseUrl) return openPgReviewQueue({ connectionString: options.databaseUrl, ...(options.schema ? { schema: options.schema } : {}), clock: options.clock });
  return openSqliteReviewQueue({ file: join(options.dataDir, 'tickets.sqlite'), clock: options.clock });
}
