import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MIGRATIONS_DIR,
  MigrationFailedError,
  MigrationHistoryError,
  applyMigrations,
  migrationChecksum,
  scriptMatchesChecksum,
} from './migrate.ts';
import { scratchDatabases } from '../test/support/scratch-database.ts';

const INIT = '20261122000000_init';
const ALL_MIGRATIONS = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const scratch = scratchDatabases('migrate');
const tmp = mkdtempSync(join(tmpdir(), 'jiayi-migrate-'));

afterAll(async () => {
  await scratch.dropAll();
  rmSync(tmp, { recursive: true, force: true });
});

/** A private copy of prisma/migrations that a test may edit. */
function copyOfMigrations(label: string): string {
  const dir = join(tmp, label);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function migrationRows(url: string) {
  return scratch.withClient(url, async (client) => {
    const { rows } = await client.query(
      'SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count FROM _prisma_migrations ORDER BY started_at',
    );
    return rows;
  });
}

describe('applyMigrations', () => {
  it('creates the database, applies every migration once, and is idempotent', async () => {
    const url = scratch.url('fresh');
    const lines: string[] = [];
    const first = await applyMigrations(url, { log: (line) => lines.push(line) });
    expect(first).toEqual({ applied: ALL_MIGRATIONS, alreadyApplied: [] });
    expect(lines[0]).toMatch(/^Created database "jiayi_migrate_fresh_/);
    expect(lines).toContain(`Applied migration \`${INIT}\``);

    const second = await applyMigrations(url);
    expect(second).toEqual({ applied: [], alreadyApplied: ALL_MIGRATIONS });
    expect(await migrationRows(url)).toHaveLength(ALL_MIGRATIONS.length);
  });

  it('records each migration the way Prisma does', async () => {
    const url = scratch.url('record');
    await applyMigrations(url);

    const rows = await migrationRows(url);
    const init = rows.find((r) => r.migration_name === INIT);
    const fileBytes = readFileSync(join(MIGRATIONS_DIR, INIT, 'migration.sql'));
    expect(init).toMatchObject({
      checksum: createHash('sha256').update(fileBytes).digest('hex'),
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(init.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(init.finished_at).toBeInstanceOf(Date);
    expect(init.finished_at.getTime()).toBeGreaterThanOrEqual(init.started_at.getTime());

    // _prisma_migrations is exactly the table prisma-engines creates on PostgreSQL.
    const columns = await scratch.withClient(url, async (client) => {
      const { rows } = await client.query(
        `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      return rows.map((r) =>
        [r.column_name, r.data_type, r.character_maximum_length, r.is_nullable, r.column_default].join(' '),
      );
    });
    expect(columns).toEqual([
      'id character varying 36 NO ',
      'checksum character varying 64 NO ',
      'finished_at timestamp with time zone  YES ',
      'migration_name character varying 255 NO ',
      'logs text  YES ',
      'rolled_back_at timestamp with time zone  YES ',
      'started_at timestamp with time zone  NO now()',
      'applied_steps_count integer  NO 0',
    ]);
  });

  it('refuses to run when an applied migration was edited, naming it', async () => {
    const dir = copyOfMigrations('edited');
    const url = scratch.url('edited');
    await applyMigrations(url, { migrationsDir: dir });

    const file = join(dir, INIT, 'migration.sql');
    writeFileSync(file, readFileSync(file, 'utf8') + '\nCREATE INDEX "orders_memo_idx" ON "orders"("memo");\n');
    // A pending migration after it must not be applied either.
    mkdirSync(join(dir, '99990101000000_later'));
    writeFileSync(join(dir, '99990101000000_later', 'migration.sql'), 'CREATE TABLE later (id INTEGER);\n');

    const error = await applyMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationHistoryError);
    expect((error as Error).message).toContain(`\`${INIT}\``);
    expect((error as Error).message).toMatch(/edited after being applied/);
    expect((error as Error).message).toContain(file);
    const names = (await migrationRows(url)).map((r) => r.migration_name);
    expect(names).not.toContain('99990101000000_later');
  });

  it('accepts a migration whose line endings git converted (as Prisma does)', async () => {
    const dir = copyOfMigrations('crlf');
    const url = scratch.url('crlf');
    await applyMigrations(url, { migrationsDir: dir });
    const file = join(dir, INIT, 'migration.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('\n', '\r\n'));
    expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({ applied: [], alreadyApplied: ALL_MIGRATIONS });
  });

  it('two processes starting at once on a fresh database both succeed and apply once', async () => {
    const url = scratch.url('race');
    const results = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
    const applied = results.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual([...ALL_MIGRATIONS].sort());
    for (const r of results) expect([...r.applied, ...r.alreadyApplied].sort()).toEqual([...ALL_MIGRATIONS].sort());
    expect(await migrationRows(url)).toHaveLength(ALL_MIGRATIONS.length);
  });

  it('rolls a failing migration back and reports the SQL error and the file', async () => {
    const dir = copyOfMigrations('failing');
    const url = scratch.url('failing');
    const name = '99990101000000_broken';
    const file = join(dir, name, 'migration.sql');
    mkdirSync(join(dir, name));
    writeFileSync(file, '-- CreateTable\nCREATE TABLE "half_done" ("id" INTEGER);\n\nSELECT * FROM "no_such_table";\n');

    const error = await applyMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect(error).toMatchObject({ migrationName: name, file, sqlState: '42P01' });
    expect((error as Error).message).toContain(`Migration \`${name}\` failed and was rolled back`);
    expect((error as Error).message).toContain(`${file}:4: SELECT * FROM "no_such_table";`);
    expect((error as Error).message).toContain('relation "no_such_table" does not exist');

    // The earlier migrations stay applied; nothing of the broken one remains, not even its row.
    const names = (await migrationRows(url)).map((r) => r.migration_name);
    expect(names).toEqual(ALL_MIGRATIONS);
    const halfDone = await scratch.withClient(url, (c) => c.query(`SELECT to_regclass('half_done') AS t`));
    expect(halfDone.rows[0].t).toBeNull();

    // Fixing the file is enough to go on.
    writeFileSync(file, 'CREATE TABLE "half_done" ("id" INTEGER);\n');
    expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({
      applied: [name],
      alreadyApplied: ALL_MIGRATIONS,
    });
  });

  it('refuses a non-empty database that has no migration history', async () => {
    const url = scratch.url('unmanaged');
    await applyMigrations(url, { migrationsDir: join(tmp, 'no-migrations-here') });
    await scratch.withClient(url, (c) => c.query('DROP TABLE _prisma_migrations; CREATE TABLE handmade (id INTEGER)'));
    await expect(applyMigrations(url)).rejects.toThrow(/is not empty \(handmade\) but has no _prisma_migrations table/);
  });

  it('stops on a migration that Prisma recorded as failed', async () => {
    const url = scratch.url('prisma_failed');
    await applyMigrations(url);
    await scratch.withClient(url, (c) =>
      c.query(`INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ($1, $2, $3, 'boom')`, [
        '00000000-0000-4000-8000-000000000000',
        '0'.repeat(64),
        '99990101000000_prisma_failed',
      ]),
    );
    await expect(applyMigrations(url)).rejects.toThrow(
      /`99990101000000_prisma_failed` migration started at .* failed with the following logs:\nboom/,
    );
  });
});

describe('checksums', () => {
  it('are the SHA-256 hex of the UTF-8 script', () => {
    expect(migrationChecksum('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(migrationChecksum('價格')).toBe(createHash('sha256').update(Buffer.from('價格', 'utf8')).digest('hex'));
  });

  it('match like prisma-engines’ script_matches_checksum', () => {
    // The cases of prisma-engines' own tests (schema-connector/src/checksum.rs).
    const scripts = [
      ['ab\ncd\nef\ngh\rab', 'ab\r\ncd\r\nef\r\ngh\rab'],
      ['ab\ncd\nef\ngh\rab\n', 'ab\r\ncd\r\nef\r\ngh\rab\r\n'],
    ];
    for (const pair of scripts) {
      for (const a of pair) for (const b of pair) expect(scriptMatchesChecksum(a, migrationChecksum(b))).toBe(true);
    }
    expect(scriptMatchesChecksum('abc', migrationChecksum('abcd'))).toBe(false);
    expect(scriptMatchesChecksum('abc\n', migrationChecksum('abc'))).toBe(false);
    // Rows from old Prisma versions: hex bytes without zero padding.
    const digest = createHash('sha256').update('hello').digest();
    const unpadded = Array.from(digest, (b) => b.toString(16)).join('');
    expect(unpadded.length).toBeLessThan(64);
    expect(scriptMatchesChecksum('hello', unpadded)).toBe(true);
  });
});

describe('node scripts/db-migrate.ts', () => {
  it('migrates DATABASE_URL and prints what it applied', async () => {
    const url = scratch.url('cli');
    const script = fileURLToPath(new URL('../scripts/db-migrate.ts', import.meta.url));
    const run = () => promisify(execFile)(process.execPath, [script], { env: { ...process.env, DATABASE_URL: url } });

    const first = await run();
    expect(first.stdout).toContain(`Applied ${ALL_MIGRATIONS.length} migration(s):`);
    expect(first.stdout).toContain(`  ${INIT}`);
    const second = await run();
    expect(second.stdout).toContain('Database is up to date');
  });

  it('two processes started together on a fresh database both succeed, one applies', async () => {
    const url = scratch.url('cli_race');
    const script = fileURLToPath(new URL('../scripts/db-migrate.ts', import.meta.url));
    const run = () => promisify(execFile)(process.execPath, [script], { env: { ...process.env, DATABASE_URL: url } });

    const outputs = (await Promise.all([run(), run()])).map((r) => r.stdout);
    expect(outputs.filter((o) => o.includes(`Applied ${ALL_MIGRATIONS.length} migration(s):`))).toHaveLength(1);
    expect(outputs.filter((o) => o.includes('Database is up to date'))).toHaveLength(1);
    expect(await migrationRows(url)).toHaveLength(ALL_MIGRATIONS.length);
  });
});
