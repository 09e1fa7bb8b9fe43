// Applies prisma/migrations to DATABASE_URL (creating the database if needed), like
// `prisma migrate deploy` but without Prisma's native schema engine.
//   node scripts/db-migrate.ts            (or: bash scripts/run.sh db-migrate)
import { applyMigrations } from '../db/migrate.ts';

const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/jiayi';

try {
  const { applied, alreadyApplied } = await applyMigrations(databaseUrl, { log: (line) => console.log(line) });
  if (applied.length === 0) {
    console.log(`Database is up to date (${alreadyApplied.length} migration(s) already applied, none pending).`);
  } else {
    console.log(`Applied ${applied.length} migration(s):`);
    for (const name of applied) console.log(`  ${name}`);
    if (alreadyApplied.length > 0) console.log(`(${alreadyApplied.length} were already applied.)`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
