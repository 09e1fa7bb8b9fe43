import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../client.ts';

/**
 * The order list's number-part search (`number ILIKE '%part%'`, what Prisma's insensitive
 * `contains` sends) can be answered by the trigram index rather than by reading every order:
 * bench:admin measures p95 25 ms on 100,000 orders with it, 88 ms without. With sequential
 * scans priced out, the planner must find the index for that exact condition; a dropped index,
 * a wrong operator class or a btree in its place fails here.
 */

let db: Db;
beforeAll(() => {
  db = createDb(inject('databaseUrl'), { poolSize: 1 });
});
afterAll(() => db?.$disconnect());

it('orders.number ILIKE %part% is served by the trigram index orders_number_idx', async () => {
  const plan = await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
    return tx.$queryRawUnsafe<{ 'QUERY PLAN': unknown }[]>(
      `EXPLAIN (FORMAT JSON) SELECT id FROM "public"."orders" WHERE "public"."orders"."number"::text ILIKE $1`,
      '%-0012%',
    );
  });
  const text = JSON.stringify(plan);
  expect(text).toContain('"Index Name":"orders_number_idx"');
  expect(text).not.toContain('"Node Type":"Seq Scan"');
});
