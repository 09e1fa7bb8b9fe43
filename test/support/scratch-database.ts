import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Throw-away PostgreSQL databases for tests. `url()` only names a database (applyMigrations
 * creates it); `dropAll()` removes every database named so far.
 */
export function scratchDatabases(prefix: string) {
  const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const names: string[] = [];

  function url(label = 'db'): string {
    const name = `jiayi_${prefix}_${label}_${randomBytes(4).toString('hex')}`.toLowerCase();
    names.push(name);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  }

  async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  async function dropAll(): Promise<void> {
    await admin(async (client) => {
      for (const name of names.splice(0)) {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      }
    });
  }

  /** Runs `fn` with a client connected to the database at `databaseUrl`. */
  async function withClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  return { url, dropAll, withClient };
}

/** A shop with nothing else, for tests of queries on a scratch database. */
export async function scratchTenant(db: {
  tenant: { create(args: { data: { slug: string; name: string; orderPrefix: string } }): Promise<{ id: string }> };
}): Promise<string> {
  const suffix = randomBytes(3).toString('hex');
  const letters = Array.from(randomBytes(4), (b) => String.fromCharCode(65 + (b % 26))).join('');
  const tenant = await db.tenant.create({ data: { slug: `t-${suffix}`, name: `店 ${suffix}`, orderPrefix: letters } });
  return tenant.id;
}
