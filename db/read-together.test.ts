import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDatabases } from '../test/support/scratch-database.ts';
import { createDb, type Db } from './client.ts';
import { applyMigrations } from './migrate.ts';
import { readTogether } from './read-together.ts';

const scratch = scratchDatabases('read_together');
let db: Db;

beforeAll(async () => {
  const url = scratch.url();
  await applyMigrations(url);
  db = createDb(url, { poolSize: 4 });
});
afterAll(async () => {
  await db?.$disconnect();
  await scratch.dropAll();
});

/** Two reads of 150 ms each, and the most that were ever running at once. */
async function twoSlowReads(client: Pick<Db, '$queryRaw'> & object) {
  let running = 0;
  let most = 0;
  const read = (value: number) => async () => {
    most = Math.max(most, ++running);
    const [row] = await client.$queryRaw<{ value: number }[]>`SELECT ${value}::int AS value FROM pg_sleep(0.15)`;
    running -= 1;
    return row!.value;
  };
  const values = await readTogether(client, [read(1), read(2)]);
  return { values, most };
}

describe('readTogether', () => {
  it('runs reads side by side on the pool', async () => {
    expect(await twoSlowReads(db)).toEqual({ values: [1, 2], most: 2 });
  });

  it('runs them one after another in a transaction, in order, with their results', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const result = await db.$transaction((tx) => twoSlowReads(tx));
      expect(result).toEqual({ values: [1, 2], most: 1 });
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
  });
});
