import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openPgReviewQueue } from '../adapters/stores/pg-review-queue.ts';
import { describeReviewQueueContract } from './review-queue.contract.ts';

const URL = 'postgres://postgres@127.0.0.1:5432/test';
const schemas: string[] = [];

afterAll(async () => {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
});

describeReviewQueueContract('postgres', async () => {
  const schema = `r_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return openPgReviewQueue({ connectionString: URL, schema });
});
