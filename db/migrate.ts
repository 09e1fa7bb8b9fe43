import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * Applies prisma/migrations to a PostgreSQL database the way `prisma migrate deploy` does, without
 * Prisma's native schema engine (which cannot run everywhere we run). The bookkeeping is Prisma's
 * own, so the two are interchangeable on the same database:
 *
 * - the `_prisma_migrations` table is created with the DDL of prisma-engines
 *   (sql-schema-connector/src/flavour/postgres.rs, `create_migrations_table`);
 * - the checksum is the SHA-256 of the migration script as Prisma reads it (the CLI reads
 *   migration.sql as UTF-8, schema-connector/src/checksum.rs hashes the string), lower-case hex;
 *   comparison accepts the same CRLF/LF variants and the old unpadded format as Prisma's
 *   `script_matches_checksum`;
 * - the same session advisory lock as Prisma Migrate (`pg_advisory_lock(72707369)`), so this
 *   migrator, `prisma migrate deploy` and other processes starting at once take turns;
 * - a migration is pending unless a row with its name and no `rolled_back_at` exists; a row that
 *   never finished (a failed `prisma migrate deploy`) stops everything, like Prisma's P3009.
 *
 * Unlike Prisma, each migration runs in its own transaction together with its bookkeeping row,
 * so a failed migration leaves neither partial schema changes nor a failed row behind: fix the
 * file and run again. (A script that must run outside a transaction, such as
 * `CREATE INDEX CONCURRENTLY`, cannot be applied by this migrator.)
 */

/** prisma/migrations of this repository. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations/', import.meta.url));

/** Prisma Migrate's advisory lock key ("a unique number we chose to identify Migrate"). */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Serializes CREATE DATABASE between processes (taken in the `postgres` maintenance database). */
const CREATE_DATABASE_LOCK_KEY = 72707370;

const MIGRATIONS_TABLE = '_prisma_migrations';

/** Verbatim from prisma-engines' PostgreSQL flavour, so the table is exactly Prisma's. */
const CREATE_MIGRATIONS_TABLE_SQL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

export interface ApplyMigrationsOptions {
  /** One line per notable step (database created, migration applied, ...). Silent by default. */
  log?: (line: string) => void;
  /** Defaults to this repository's prisma/migrations. */
  migrationsDir?: string;
}

export interface ApplyMigrationsResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Local migrations that were already recorded as applied (with a matching checksum). */
  alreadyApplied: string[];
}

export interface LocalMigration {
  name: string;
  /** Absolute path of its migration.sql. */
  file: string;
  /** The script as Prisma sees it: the file decoded as UTF-8. */
  script: string;
  /** What Prisma records in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** A migration's SQL failed; its transaction was rolled back and nothing of it was recorded. */
export class MigrationFailedError extends Error {
  readonly migrationName: string;
  readonly file: string;
  /** The SQLSTATE of the database error, when the database reported one. */
  readonly sqlState: string | undefined;

  constructor(message: string, migrationName: string, file: string, sqlState: string | undefined, cause: unknown) {
    super(message, { cause });
    this.name = 'MigrationFailedError';
    this.migrationName = migrationName;
    this.file = file;
    this.sqlState = sqlState;
  }
}

/** The migration history in the database and prisma/migrations disagree; nothing was applied. */
export class MigrationHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationHistoryError';
  }
}

/**
 * Prisma's checksum of a migration script: SHA-256 of its UTF-8 bytes, lower-case hex, 64 chars.
 * For a file that is valid UTF-8 this is the SHA-256 of the file's bytes.
 */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/**
 * Prisma's `script_matches_checksum`: the script, or the script with its line endings converted
 * either way (git may have converted them on checkout), must hash to the recorded checksum.
 * Rows written by old Prisma versions hold a hex string whose bytes were not zero-padded.
 */
export function scriptMatchesChecksum(script: string, recorded: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const rendered =
      recorded.length !== 0 && recorded.length !== 64
        ? Array.from(digest, (byte) => byte.toString(16)).join('')
        : digest.toString('hex');
    return rendered === recorded;
  });
}

/** The migrations of a prisma/migrations directory, in the order Prisma applies them. */
export async function readLocalMigrations(migrationsDir: string = MIGRATIONS_DIR): Promise<LocalMigration[]> {
  await checkLockfile(migrationsDir);
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // Prisma's CLI sorts the directories with localeCompare; do the same.
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));

  const migrations: LocalMigration[] = [];
  for (const name of names) {
    const file = join(migrationsDir, name, 'migration.sql');
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new Error(`Cannot read migration \`${name}\`: ${file}: ${(error as Error).message}`, { cause: error });
    }
    // The Prisma CLI reads the file with `encoding: 'utf-8'` and the engine hashes that string.
    const script = bytes.toString('utf8');
    if (!Buffer.from(script, 'utf8').equals(bytes)) {
      throw new Error(`Migration \`${name}\` is not valid UTF-8: ${file}`);
    }
    migrations.push({ name, file, script, checksum: migrationChecksum(script) });
  }
  return migrations;
}

async function checkLockfile(migrationsDir: string): Promise<void> {
  let content: string;
  try {
    content = await readFile(join(migrationsDir, 'migration_lock.toml'), 'utf8');
  } catch {
    return; // like Prisma: no lockfile, no check
  }
  const line = content.split(/\r?\n/).find((l) => l.startsWith('provider'));
  const provider = line ? line.replace(/^provider = /, '').replace(/^"|"$/g, '') : '<PROVIDER NOT FOUND>';
  if (provider !== 'postgresql') {
    throw new Error(
      `${join(migrationsDir, 'migration_lock.toml')} says provider "${provider}"; these migrations are not for PostgreSQL`,
    );
  }
}

interface Target {
  connectionString: string;
  adminConnectionString: string;
  database: string;
  schema: string;
  /** The URL with its password masked, for messages. */
  display: string;
}

function parseTarget(databaseUrl: string): Target {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL (expected postgresql://user@host:port/database)');
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`DATABASE_URL must be a postgresql:// URL, not ${url.protocol}//`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error('DATABASE_URL names no database (expected postgresql://user@host:port/database)');
  // Prisma's `?schema=` selects the PostgreSQL schema (default public); node-postgres ignores it.
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const display = new URL(url);
  if (display.password) display.password = '***';
  return {
    connectionString: url.toString(),
    adminConnectionString: admin.toString(),
    database,
    schema,
    display: display.toString(),
  };
}

async function connect(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString });
  // A dropped connection must surface as a failed query, not as an unhandled 'error' event.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Connects to the target database, creating it first when it does not exist. */
async function connectCreatingDatabase(target: Target, log: (line: string) => void): Promise<pg.Client> {
  try {
    return await connect(target.connectionString);
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error; // 3D000: database does not exist
  }
  const admin = await connect(target.adminConnectionString);
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [CREATE_DATABASE_LOCK_KEY]);
    try {
      const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database]);
      if (existing.rowCount === 0) {
        await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(target.database)}`);
        log(`Created database "${target.database}"`);
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [CREATE_DATABASE_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await admin.end();
  }
  return await connect(target.connectionString);
}

interface MigrationRecord {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
}

/**
 * Brings the database at `databaseUrl` up to date with prisma/migrations. Creates the database
 * when missing. Safe to call from several processes at once: they serialize on Prisma's
 * advisory lock and each migration is applied exactly once.
 */
export async function applyMigrations(
  databaseUrl: string,
  opts: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const log = opts.log ?? (() => {});
  const target = parseTarget(databaseUrl);
  const local = await readLocalMigrations(opts.migrationsDir ?? MIGRATIONS_DIR);

  const client = await connectCreatingDatabase(target, log);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      return await migrateLocked(client, target, local, log);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function migrateLocked(
  client: pg.Client,
  target: Target,
  local: LocalMigration[],
  log: (line: string) => void,
): Promise<ApplyMigrationsResult> {
  if (target.schema !== 'public') {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(target.schema)}`);
  }
  await client.query(`SET search_path TO ${pg.escapeIdentifier(target.schema)}`);
  await ensureMigrationsTable(client, target, log);

  const { rows } = await client.query<MigrationRecord>(
    `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at
       FROM ${MIGRATIONS_TABLE} ORDER BY started_at ASC`,
  );
  const live = rows.filter((row) => row.rolled_back_at === null);

  const failed = live.filter((row) => row.finished_at === null);
  if (failed.length > 0) {
    const details = failed
      .map((row) => {
        const logs = row.logs?.trim() ? ` with the following logs:\n${row.logs.trim()}` : '';
        return `The \`${row.migration_name}\` migration started at ${row.started_at.toISOString()} failed${logs}`;
      })
      .join('\n');
    throw new MigrationHistoryError(
      `Found failed migrations in ${target.display} (${MIGRATIONS_TABLE}); no migration will be applied until ` +
        `they are resolved (see \`prisma migrate resolve\`):\n${details}`,
    );
  }

  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  const pending: LocalMigration[] = [];
  const edited: string[] = [];
  for (const migration of local) {
    const records = live.filter((row) => row.migration_name === migration.name);
    if (records.length === 0) {
      pending.push(migration);
    } else if (records.every((row) => scriptMatchesChecksum(migration.script, row.checksum))) {
      alreadyApplied.push(migration.name);
    } else {
      const recorded = records.find((row) => !scriptMatchesChecksum(migration.script, row.checksum))!.checksum;
      edited.push(
        `  - \`${migration.name}\`: applied with checksum ${recorded}, but ${migration.file} now has ${migration.checksum}`,
      );
    }
  }
  if (edited.length > 0) {
    throw new MigrationHistoryError(
      `Refusing to migrate ${target.display}: ${edited.length === 1 ? 'a migration was' : 'migrations were'} ` +
        `edited after being applied:\n${edited.join('\n')}\n` +
        `Applied migrations must not change. Restore the file(s) and put the change in a new migration.`,
    );
  }

  const localNames = new Set(local.map((m) => m.name));
  for (const row of live) {
    if (!localNames.has(row.migration_name)) {
      log(`Warning: migration \`${row.migration_name}\` is applied in the database but missing from prisma/migrations`);
    }
  }

  for (const migration of pending) {
    await applyOne(client, migration, log);
    applied.push(migration.name);
  }
  return { applied, alreadyApplied };
}

async function ensureMigrationsTable(client: pg.Client, target: Target, log: (line: string) => void) {
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = $1`,
    [target.schema],
  );
  if (rows.some((row) => row.relname === MIGRATIONS_TABLE)) return;
  if (rows.length > 0) {
    // Prisma's P3005: never run migrations from scratch over tables made some other way.
    const tables = rows.map((row) => row.relname).sort();
    throw new MigrationHistoryError(
      `The schema "${target.schema}" of ${target.display} is not empty (${tables.join(', ')}) but has no ` +
        `${MIGRATIONS_TABLE} table. Baseline it first (prisma migrate resolve --applied <migration>).`,
    );
  }
  await client.query(CREATE_MIGRATIONS_TABLE_SQL);
  log(`Created ${MIGRATIONS_TABLE} in "${target.database}"`);
}

async function applyOne(client: pg.Client, migration: LocalMigration, log: (line: string) => void) {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO ${MIGRATIONS_TABLE} (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)`,
      [id, migration.checksum, migration.name],
    );
    try {
      // No parameters: node-postgres sends the script with the simple query protocol, which
      // accepts many statements in one string.
      await client.query(migration.script);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw migrationFailed(migration, error);
    }
    await client.query(
      `UPDATE ${MIGRATIONS_TABLE}
          SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
        WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    if (!(error instanceof MigrationFailedError)) await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
  log(`Applied migration \`${migration.name}\``);
}

function migrationFailed(migration: LocalMigration, error: unknown): MigrationFailedError {
  const db = error as Partial<pg.DatabaseError>;
  let where = migration.file;
  const position = Number(db.position);
  if (Number.isInteger(position) && position > 0) {
    // PostgreSQL reports a 1-based character offset into the script.
    const before = Array.from(migration.script)
      .slice(0, position - 1)
      .join('');
    const lines = before.split('\n');
    const lineNo = lines.length;
    const text = migration.script.split('\n')[lineNo - 1]?.trim() ?? '';
    where = `${migration.file}:${lineNo}: ${text}`;
  }
  const parts = [
    `Migration \`${migration.name}\` failed and was rolled back (nothing of it was applied).`,
    `  at ${where}`,
    `  ${db.code ? `${db.severity ?? 'ERROR'} ${db.code}: ` : ''}${(error as Error)?.message ?? String(error)}`,
  ];
  if (db.detail) parts.push(`  DETAIL: ${db.detail}`);
  if (db.hint) parts.push(`  HINT: ${db.hint}`);
  return new MigrationFailedError(parts.join('\n'), migration.name, migration.file, db.code, error);
}
