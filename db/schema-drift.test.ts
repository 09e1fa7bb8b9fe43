import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations } from './migrate.ts';
import { scratchDatabases } from '../test/support/scratch-database.ts';
import { findSchemaDrift } from '../test/support/schema-drift.ts';

const SCHEMA_PATH = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));
const scratch = scratchDatabases('drift');
const tmp = mkdtempSync(join(tmpdir(), 'jiayi-drift-'));

afterAll(async () => {
  await scratch.dropAll();
  rmSync(tmp, { recursive: true, force: true });
});

/** A readable failure: every difference on its own line. */
function report(drift: string[]): string {
  return `the migrated database differs from prisma/schema.prisma:\n  ${drift.join('\n  ')}\n`;
}

describe('prisma/migrations against prisma/schema.prisma', () => {
  it('migrating a fresh database yields exactly the schema', async () => {
    const url = scratch.url('clean');
    await applyMigrations(url);
    const drift = await findSchemaDrift(url, SCHEMA_PATH);
    expect(drift, report(drift)).toEqual([]);
  });
});

describe('findSchemaDrift', () => {
  it('reports every kind of difference made to a migrated database', async () => {
    const url = scratch.url('altered');
    await applyMigrations(url);
    await scratch.withClient(url, (client) =>
      client.query(`
        ALTER TABLE orders ADD COLUMN note TEXT;
        ALTER TABLE orders ALTER COLUMN memo SET NOT NULL;
        ALTER TABLE products ALTER COLUMN price TYPE BIGINT;
        ALTER TABLE staff ALTER COLUMN notify_by_line DROP DEFAULT;
        ALTER TABLE customers DROP COLUMN picture_url;
        DROP INDEX "orders_customer_id_idx";
        CREATE INDEX "orders_memo_idx" ON "orders"("memo");
        ALTER TABLE order_items DROP CONSTRAINT "order_items_product_id_fkey";
        ALTER TABLE order_items ADD CONSTRAINT "order_items_product_id_fkey" FOREIGN KEY ("product_id")
          REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;
        ALTER TABLE daily_sequences DROP CONSTRAINT "daily_sequences_pkey";
        ALTER TABLE daily_sequences ADD CONSTRAINT "daily_sequences_pkey" PRIMARY KEY ("tenant_id", "day", "kind");
        ALTER TYPE "order_status" ADD VALUE 'refunded';
        CREATE TABLE stray (id INTEGER);
      `),
    );

    const drift = await findSchemaDrift(url, SCHEMA_PATH);
    expect(drift.sort()).toEqual(
      [
        'column orders.note: in the database but not in schema.prisma (text)',
        'column orders.memo: nullability — schema.prisma (Order.memo) expects NULL, database has NOT NULL',
        'column products.price: type — schema.prisma (Product.price) expects integer, database has bigint',
        'column staff.notify_by_line: default — schema.prisma (Staff.notifyByLine) expects DEFAULT true, database has no default',
        'column customers.picture_url: missing from the database (Customer.pictureUrl: text)',
        'index: missing from the database: INDEX "orders_customer_id_idx" ON orders (customer_id)',
        'index: in the database but not in schema.prisma: INDEX "orders_memo_idx" ON orders (memo)',
        'foreign key: schema.prisma expects "order_items_product_id_fkey" order_items(product_id) → products(id) ON DELETE RESTRICT ON UPDATE CASCADE, ' +
          'database has "order_items_product_id_fkey" order_items(product_id) → products(id) ON DELETE CASCADE ON UPDATE CASCADE',
        'index: schema.prisma expects PRIMARY KEY "daily_sequences_pkey" ON daily_sequences (tenant_id, kind, day), ' +
          'database has PRIMARY KEY "daily_sequences_pkey" ON daily_sequences (tenant_id, day, kind)',
        'enum order_status: values differ — schema.prisma: [pending, confirmed, cancelled, paid, shipped, needs_attention, ' +
          'accepted, preparing, ready, completed, rejected], database: [pending, confirmed, cancelled, paid, shipped, ' +
          'needs_attention, accepted, preparing, ready, completed, rejected, refunded]',
        'table stray: in the database but not in schema.prisma',
      ].sort(),
    );
  });

  it('reports a schema.prisma change that no migration carries', async () => {
    const url = scratch.url('ahead');
    await applyMigrations(url);
    const schema = readFileSync(SCHEMA_PATH, 'utf8')
      .replace(
        '  pictureUrl  String?  @map("picture_url")',
        '  pictureUrl  String?  @map("picture_url")\n  locale      String   @default("zh-TW")',
      )
      .replace(
        '  @@index([tenantId, createdAt])\n  @@map("customers")',
        '  @@index([tenantId, displayName])\n  @@map("customers")',
      )
      .replace('enum SequenceKind {\n  product_code', 'enum SequenceKind {\n  product_code\n  invoice_number');
    const schemaPath = join(tmp, 'ahead.prisma');
    writeFileSync(schemaPath, schema);

    const drift = await findSchemaDrift(url, schemaPath);
    expect(drift.sort()).toEqual(
      [
        'column customers.locale: missing from the database (Customer.locale: text NOT NULL)',
        'index: missing from the database: INDEX "customers_tenant_id_display_name_idx" ON customers (tenant_id, display_name)',
        'index: in the database but not in schema.prisma: INDEX "customers_tenant_id_created_at_idx" ON customers (tenant_id, created_at)',
        'enum sequence_kind: values differ — schema.prisma: [product_code, invoice_number, order_number], database: [product_code, order_number]',
      ].sort(),
    );
  });

  it('rejects an invalid schema.prisma with Prisma’s own message', async () => {
    const schemaPath = join(tmp, 'broken.prisma');
    writeFileSync(
      schemaPath,
      readFileSync(SCHEMA_PATH, 'utf8').replace('model Tenant {', 'model Tenant {\n  oops Nope'),
    );
    const error = await findSchemaDrift(scratch.url('unused'), schemaPath).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^schema\.prisma is not valid:\n[\s\S]*Type "Nope" is neither a built-in type/,
    );
    expect((error as Error).message).not.toContain(String.fromCharCode(27)); // no terminal colours
  });
});
