import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../db/migrate.ts';
import { startTemporalDevServer, type DevServer } from '../../temporal/dev-server.ts';
import { bundleWorkflows } from '../../temporal/worker.ts';
import { freePort } from '../../scripts/process-group.ts';
import { startLocalMailServer } from '../../integrations/mail/mailpit.ts';
import { startStackBroker } from './stack-broker.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    workflowBundlePath: string;
    /** A migrated database nobody connects to: stacks clone it (CREATE DATABASE ... TEMPLATE). */
    templateDatabaseName: string;
    /** The run's SMTP server (mailpit) and its API, where tests read what was sent. */
    smtpUrl: string;
    mailpitUrl: string;
    /** Where a test file asks for its worker slot's shared stack and Chromium (stack-broker.ts). */
    stackBrokerUrl: string;
  }
}

const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * Once per test run: a real Temporal dev server (in memory), a fresh PostgreSQL database with
 * every migration applied, and the workflow bundle built once for every worker the tests start.
 */
export default async function setup(project: TestProject) {
  const dbName = `jiayi_test_${randomBytes(4).toString('hex')}`;
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const tmp = mkdtempSync(join(tmpdir(), 'jiayi-test-'));

  const templateName = `${dbName}_template`;
  const mail = await startLocalMailServer({ smtpPort: await freePort(), httpPort: await freePort() });
  const [temporal, bundle] = await Promise.all([
    startTemporalDevServer({ port: freePort, headless: true, logFile: join(tmp, 'temporal.log') }),
    bundleWorkflows(),
    applyMigrations(databaseUrl),
    applyMigrations(ADMIN_URL.replace(/\/[^/]*$/, `/${templateName}`)),
  ]).then(([server, code]) => [server, code] as [DevServer, { code: string }]);
  const workflowBundlePath = join(tmp, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, bundle.code);

  const broker = await startStackBroker({
    temporalAddress: temporal.address,
    workflowBundlePath,
    templateDatabaseName: templateName,
    smtpUrl: mail.smtpUrl,
  });

  project.provide('databaseUrl', databaseUrl);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('templateDatabaseName', templateName);
  project.provide('smtpUrl', mail.smtpUrl);
  project.provide('mailpitUrl', mail.httpUrl);
  project.provide('stackBrokerUrl', broker.url);

  return async () => {
    await broker.stop();
    await temporal.stop();
    await mail.stop();
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
    // Stacks drop their own clones; a crashed test file may leave one behind.
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${dbName}_s_%`]);
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
  };
}
