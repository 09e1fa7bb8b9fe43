import { readFile } from 'node:fs/promises';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import pg from 'pg';

/**
 * Compares a live PostgreSQL database with prisma/schema.prisma and lists every difference.
 *
 * The expected side is Prisma's own reading of the schema (the DMMF from the offline
 * prisma-schema-wasm, `get_dmmf`), turned into what Prisma Migrate would create: table and column
 * names after @@map/@map, column types (Prisma's defaults or the @db.* native type), NOT NULL,
 * database defaults (now() → CURRENT_TIMESTAMP; uuid()/cuid()/@updatedAt have none), primary
 * keys, unique and plain indexes with Prisma's default names, foreign keys with Prisma's default
 * referential actions, and enum types with their values in order. The actual side is read from
 * pg_catalog. Anything in the database beyond the schema (tables, columns, indexes, foreign
 * keys, enums, check constraints) is drift too; only `_prisma_migrations` is ignored.
 *
 * Limits: `dbgenerated("...")` defaults are only checked for presence; `@relation(map: ...)`
 * names are not exposed by the DMMF, so foreign keys are expected under Prisma's default name.
 */
export async function findSchemaDrift(databaseUrl: string, schemaPath: string): Promise<string[]> {
  const expected = expectedSchema(await readFile(schemaPath, 'utf8'));
  const url = new URL(databaseUrl);
  const namespace = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString() });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`SET search_path TO ${pg.escapeIdentifier(namespace)}`);
    const actual = await actualSchema(client, namespace);
    return compare(expected, actual);
  } finally {
    await client.end();
  }
}

// ---- The expected schema, from the DMMF -------------------------------------------------------

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt?: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DmmfField[];
}

interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName: string | null }[];
}

interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string;
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc' }[];
}

interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };
}

type DefaultExpectation =
  | { kind: 'none' }
  | { kind: 'one-of'; exprs: string[] }
  | { kind: 'pattern'; pattern: RegExp; describe: string }
  | { kind: 'present'; describe: string };

interface ExpectedColumn {
  table: string;
  name: string;
  /** Model.field, to point at schema.prisma in messages. */
  source: string;
  type: string;
  /** null: not checked (list columns). */
  notNull: boolean | null;
  default: DefaultExpectation;
}

interface IndexDef {
  name: string;
  table: string;
  columns: string[];
  descending: boolean[];
  unique: boolean;
  primary: boolean;
  method: string;
}

interface ForeignKeyDef {
  name: string;
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

interface SchemaModel {
  /** table name → the model it comes from ("" for the database side). */
  tables: Map<string, string>;
  columns: ExpectedColumn[];
  indexes: IndexDef[];
  foreignKeys: ForeignKeyDef[];
  enums: Map<string, string[]>;
}

const PG_MAX_IDENTIFIER = 63;

/** prisma-engines' ConstraintNames: `{table}_{columns}_{suffix}`, cut to fit 63 bytes. */
function constraintName(table: string, columns: string[] | null, suffix: '_pkey' | '_key' | '_idx' | '_fkey') {
  const base = columns === null ? table : `${table}_${columns.join('_')}`;
  const limit = suffix === '_pkey' || suffix === '_fkey' ? PG_MAX_IDENTIFIER - 5 : PG_MAX_IDENTIFIER - suffix.length;
  return `${truncateBytes(base, limit)}${suffix}`;
}

function truncateBytes(s: string, limit: number): string {
  if (Buffer.byteLength(s) < limit) return s;
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > limit) break;
    out += ch;
  }
  return out;
}

const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Prisma's diagnostics are coloured for a terminal. */
function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}

function loadDmmf(schemaText: string): Dmmf {
  try {
    return JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schemaText }))) as Dmmf;
  } catch (error) {
    let message = error instanceof Error ? error.message : String(error);
    try {
      message = (JSON.parse(message) as { message: string }).message;
    } catch {
      // not JSON: keep as is
    }
    throw new Error(`schema.prisma is not valid:\n${stripAnsi(message)}`, { cause: error });
  }
}

/** Prisma's column type on PostgreSQL, spelled the way format_type() prints it. */
function expectedType(model: DmmfModel, field: DmmfField, enumDbName: (prismaName: string) => string): string {
  const list = field.isList ? '[]' : '';
  if (field.kind === 'enum') return enumDbName(field.type) + list;
  if (field.nativeType) {
    const [name, args] = field.nativeType;
    const arg = (i: number) => args[i];
    const withArgs = (base: string, tail = '') => (args.length > 0 ? `${base}(${args.join(',')})${tail}` : base + tail);
    const native: Record<string, () => string> = {
      Text: () => 'text',
      VarChar: () => withArgs('character varying'),
      Char: () => `character(${arg(0) ?? 1})`,
      Bit: () => `bit(${arg(0) ?? 1})`,
      VarBit: () => withArgs('bit varying'),
      Uuid: () => 'uuid',
      Xml: () => 'xml',
      Inet: () => 'inet',
      Citext: () => 'citext',
      Oid: () => 'oid',
      Money: () => 'money',
      Boolean: () => 'boolean',
      SmallInt: () => 'smallint',
      Integer: () => 'integer',
      BigInt: () => 'bigint',
      Real: () => 'real',
      DoublePrecision: () => 'double precision',
      Decimal: () => withArgs('numeric'),
      Json: () => 'json',
      JsonB: () => 'jsonb',
      ByteA: () => 'bytea',
      Date: () => 'date',
      Timestamp: () => withArgs('timestamp', ' without time zone'),
      Timestamptz: () => withArgs('timestamp', ' with time zone'),
      Time: () => withArgs('time', ' without time zone'),
      Timetz: () => withArgs('time', ' with time zone'),
    };
    const render = native[name];
    if (!render)
      throw new Error(`schema-drift: no PostgreSQL type known for @db.${name} (${model.name}.${field.name})`);
    return render() + list;
  }
  const scalar: Record<string, string> = {
    String: 'text',
    Boolean: 'boolean',
    Int: 'integer',
    BigInt: 'bigint',
    Float: 'double precision',
    Decimal: 'numeric(65,30)',
    DateTime: 'timestamp(3) without time zone',
    Json: 'jsonb',
    Bytes: 'bytea',
  };
  const type = scalar[field.type];
  if (!type) throw new Error(`schema-drift: no PostgreSQL type known for ${field.type} (${model.name}.${field.name})`);
  return type + list;
}

/** A SQL identifier as PostgreSQL prints it in casts: bare when it can be, quoted otherwise. */
function castIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : pg.escapeIdentifier(name);
}

function expectedDefault(
  field: DmmfField,
  type: string,
  enumValueDbName: (value: string) => string,
): DefaultExpectation {
  if (field.isUpdatedAt || field.default === undefined) return { kind: 'none' };
  const value = field.default;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const fn = value as { name: string; args: unknown[] };
    switch (fn.name) {
      case 'now':
        return { kind: 'one-of', exprs: ['CURRENT_TIMESTAMP'] };
      case 'autoincrement':
        return { kind: 'pattern', pattern: /^nextval\('.+'::regclass\)$/, describe: 'nextval(<sequence>)' };
      case 'dbgenerated':
        return fn.args.length > 0
          ? { kind: 'present', describe: `dbgenerated(${JSON.stringify(fn.args[0])})` }
          : { kind: 'none' };
      case 'uuid':
      case 'cuid':
      case 'nanoid':
      case 'ulid':
        return { kind: 'none' }; // generated by the Prisma client, not the database
      default:
        return { kind: 'present', describe: `${fn.name}()` };
    }
  }
  if (Array.isArray(value)) return { kind: 'present', describe: JSON.stringify(value) };
  const castType = type.replace(/\(.*\)/, ''); // 'x'::character varying, not ...varying(20)
  if (typeof value === 'boolean') return { kind: 'one-of', exprs: [String(value)] };
  if (typeof value === 'number') {
    const n = String(value);
    return { kind: 'one-of', exprs: [n, `'${n}'::${castType}`, `(${n})`] };
  }
  if (typeof value === 'string') {
    if (field.kind === 'enum') {
      return { kind: 'one-of', exprs: [`'${enumValueDbName(value).replaceAll("'", "''")}'::${castIdent(castType)}`] };
    }
    if (field.type === 'DateTime') return { kind: 'present', describe: JSON.stringify(value) };
    return { kind: 'one-of', exprs: [`'${value.replaceAll("'", "''")}'::${castType}`] };
  }
  return { kind: 'present', describe: JSON.stringify(value) };
}

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

/** What Prisma Migrate would create on PostgreSQL for this schema. */
export function expectedSchema(schemaText: string): SchemaModel {
  const { datamodel } = loadDmmf(schemaText);
  const enums = new Map<string, string[]>();
  const enumByName = new Map(datamodel.enums.map((e) => [e.name, e]));
  for (const e of datamodel.enums)
    enums.set(
      e.dbName ?? e.name,
      e.values.map((v) => v.dbName ?? v.name),
    );

  const modelByName = new Map(datamodel.models.map((m) => [m.name, m]));
  const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
  const columnOf = (m: DmmfModel, fieldName: string) => {
    const field = m.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`schema-drift: ${m.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  };

  const tables = new Map<string, string>();
  const columns: ExpectedColumn[] = [];
  const indexes: IndexDef[] = [];
  const foreignKeys: ForeignKeyDef[] = [];

  for (const model of datamodel.models) {
    if (model.schema) throw new Error(`schema-drift: multi-schema models are not supported (${model.name})`);
    const table = tableOf(model);
    tables.set(table, model.name);
    for (const field of model.fields) {
      if (field.kind === 'unsupported')
        throw new Error(`schema-drift: Unsupported() fields are not supported (${model.name}.${field.name})`);
      if (field.kind === 'object') continue;
      const enumDef = field.kind === 'enum' ? enumByName.get(field.type) : undefined;
      const type = expectedType(model, field, (name) => enumByName.get(name)?.dbName ?? name);
      columns.push({
        table,
        name: field.dbName ?? field.name,
        source: `${model.name}.${field.name}`,
        type,
        notNull: field.isList ? null : field.isRequired,
        default: expectedDefault(field, type, (v) => enumDef?.values.find((x) => x.name === v)?.dbName ?? v),
      });
    }

    for (const field of model.fields) {
      if (field.kind !== 'object') continue;
      const from = field.relationFromFields ?? [];
      if (from.length === 0) {
        const target = modelByName.get(field.type);
        const opposite = target?.fields.find(
          (f) => f.kind === 'object' && f.relationName === field.relationName && f !== field,
        );
        if (field.isList && opposite?.isList) {
          throw new Error(
            `schema-drift: implicit many-to-many relations are not supported (${model.name}.${field.name})`,
          );
        }
        continue; // the back-relation side: the foreign key is on the other model
      }
      const target = modelByName.get(field.type)!;
      const fkColumns = from.map((f) => columnOf(model, f));
      foreignKeys.push({
        name: constraintName(table, fkColumns, '_fkey'),
        table,
        columns: fkColumns,
        referencedTable: tableOf(target),
        referencedColumns: (field.relationToFields ?? []).map((f) => columnOf(target, f)),
        // prisma-engines: explicit action, else Restrict for a required relation and SetNull for an
        // optional one; onUpdate defaults to Cascade.
        onDelete: REFERENTIAL_ACTIONS[field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull')]!,
        onUpdate: REFERENTIAL_ACTIONS[field.relationOnUpdate ?? 'Cascade']!,
      });
    }
  }

  for (const index of datamodel.indexes) {
    const model = modelByName.get(index.model);
    if (!model) continue; // composite types / views
    if (index.type === 'fulltext')
      throw new Error(`schema-drift: @@fulltext is not supported on PostgreSQL (${model.name})`);
    const table = tableOf(model);
    const cols = index.fields.map((f) => columnOf(model, f.name));
    const suffix = index.type === 'id' ? '_pkey' : index.type === 'unique' ? '_key' : '_idx';
    indexes.push({
      name: index.dbName ?? constraintName(table, index.type === 'id' ? null : cols, suffix),
      table,
      columns: cols,
      descending: index.fields.map((f) => f.sortOrder === 'desc'),
      unique: index.type !== 'normal',
      primary: index.type === 'id',
      method: (index.algorithm ?? 'BTree').toLowerCase(),
    });
  }

  return { tables, columns, indexes, foreignKeys, enums };
}

// ---- The actual schema, from pg_catalog -------------------------------------------------------

interface ActualColumn {
  table: string;
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
}

interface ActualIndex extends IndexDef {
  partial: string | null;
  expressions: boolean;
}

interface ActualSchema {
  tables: Set<string>;
  columns: ActualColumn[];
  indexes: ActualIndex[];
  foreignKeys: ForeignKeyDef[];
  enums: Map<string, string[]>;
  otherConstraints: { table: string; name: string; definition: string }[];
}

const IGNORED_TABLES = new Set(['_prisma_migrations']);

const FK_ACTIONS: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

async function actualSchema(client: pg.Client, namespace: string): Promise<ActualSchema> {
  const tables = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
    [namespace],
  );

  const columns = await client.query<ActualColumn>(
    `SELECT c.relname AS table, a.attname AS name, a.attnotnull AS "notNull",
            CASE WHEN t.typtype = 'e' THEN t.typname
                 WHEN et.typtype = 'e' THEN et.typname || '[]'
                 ELSE format_type(a.atttypid, a.atttypmod) END AS type,
            pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [namespace],
  );

  const indexes = await client.query<{
    name: string;
    table: string;
    columns: string[];
    options: number[];
    unique: boolean;
    primary: boolean;
    method: string;
    partial: string | null;
    expressions: boolean;
  }>(
    `SELECT ic.relname AS name, c.relname AS table, i.indisunique AS unique, i.indisprimary AS primary,
            am.amname AS method, pg_get_expr(i.indpred, i.indrelid) AS partial,
            i.indexprs IS NOT NULL AS expressions,
            ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   ORDER BY k.ord)::text[] AS columns,
            i.indoption::int2[]::int4[] AS options
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_am am ON am.oid = ic.relam
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
    [namespace],
  );

  const foreignKeys = await client.query<{
    name: string;
    table: string;
    columns: string[];
    referencedTable: string;
    referencedSchema: string;
    referencedColumns: string[];
    onDelete: string;
    onUpdate: string;
  }>(
    `SELECT con.conname AS name, c.relname AS table, rc.relname AS "referencedTable",
            rn.nspname AS "referencedSchema",
            ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                   ORDER BY k.ord)::text[] AS columns,
            ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                   ORDER BY k.ord)::text[] AS "referencedColumns",
            con.confdeltype AS "onDelete", con.confupdtype AS "onUpdate"
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class rc ON rc.oid = con.confrelid
       JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE con.contype = 'f' AND n.nspname = $1`,
    [namespace],
  );

  const other = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT c.relname AS table, con.conname AS name, pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE con.contype IN ('c', 'x', 't') AND n.nspname = $1`,
    [namespace],
  );

  const enums = await client.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace
       JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = $1
      GROUP BY t.typname`,
    [namespace],
  );

  const keep = <T extends { table: string }>(rows: T[]) => rows.filter((r) => !IGNORED_TABLES.has(r.table));
  return {
    tables: new Set(tables.rows.map((r) => r.relname).filter((t) => !IGNORED_TABLES.has(t))),
    columns: keep(columns.rows),
    indexes: keep(indexes.rows).map((r) => ({
      name: r.name,
      table: r.table,
      columns: r.columns,
      // indoption bit 0: DESC. Expression columns (attnum 0) are missing from `columns`.
      descending: r.options.slice(0, r.columns.length).map((o) => (o & 1) === 1),
      unique: r.unique,
      primary: r.primary,
      method: r.method,
      partial: r.partial,
      expressions: r.expressions,
    })),
    foreignKeys: keep(foreignKeys.rows).map((r) => ({
      name: r.name,
      table: r.table,
      columns: r.columns,
      referencedTable:
        r.referencedSchema === namespace ? r.referencedTable : `${r.referencedSchema}.${r.referencedTable}`,
      referencedColumns: r.referencedColumns,
      onDelete: FK_ACTIONS[r.onDelete] ?? r.onDelete,
      onUpdate: FK_ACTIONS[r.onUpdate] ?? r.onUpdate,
    })),
    enums: new Map(enums.rows.map((r) => [r.name, r.values])),
    otherConstraints: keep(other.rows),
  };
}

// ---- The comparison ---------------------------------------------------------------------------

function describeIndex(i: IndexDef): string {
  const kind = i.primary ? 'PRIMARY KEY' : i.unique ? 'UNIQUE INDEX' : 'INDEX';
  const cols = i.columns.map((c, n) => `${c}${i.descending[n] ? ' DESC' : ''}`).join(', ');
  return `${kind} "${i.name}" ON ${i.table}${i.method === 'btree' ? '' : ` USING ${i.method}`} (${cols})`;
}

function describeFk(fk: ForeignKeyDef): string {
  return (
    `"${fk.name}" ${fk.table}(${fk.columns.join(', ')}) → ${fk.referencedTable}(${fk.referencedColumns.join(', ')}) ` +
    `ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`
  );
}

function describeDefault(d: DefaultExpectation): string {
  switch (d.kind) {
    case 'none':
      return 'no default';
    case 'one-of':
      return `DEFAULT ${d.exprs[0]}`;
    case 'pattern':
    case 'present':
      return `DEFAULT ${d.describe}`;
  }
}

function defaultMatches(expected: DefaultExpectation, actual: string | null): boolean {
  switch (expected.kind) {
    case 'none':
      return actual === null;
    case 'one-of':
      return actual !== null && expected.exprs.includes(actual);
    case 'pattern':
      return actual !== null && expected.pattern.test(actual);
    case 'present':
      return actual !== null;
  }
}

const sameList = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameIndexShape(a: IndexDef, b: IndexDef): boolean {
  return (
    a.table === b.table &&
    a.unique === b.unique &&
    a.primary === b.primary &&
    a.method === b.method &&
    sameList(a.columns, b.columns) &&
    sameList(a.descending, b.descending)
  );
}

function sameFkShape(a: ForeignKeyDef, b: ForeignKeyDef): boolean {
  return (
    a.table === b.table &&
    a.referencedTable === b.referencedTable &&
    sameList(a.columns, b.columns) &&
    sameList(a.referencedColumns, b.referencedColumns) &&
    a.onDelete === b.onDelete &&
    a.onUpdate === b.onUpdate
  );
}

function compare(expected: SchemaModel, actual: ActualSchema): string[] {
  const drift: string[] = [];

  // Enums
  for (const [name, values] of expected.enums) {
    const actualValues = actual.enums.get(name);
    if (!actualValues) drift.push(`enum ${name}: missing from the database (expected values: ${values.join(', ')})`);
    else if (!sameList(values, actualValues)) {
      drift.push(
        `enum ${name}: values differ — schema.prisma: [${values.join(', ')}], database: [${actualValues.join(', ')}]`,
      );
    }
  }
  for (const [name, values] of actual.enums) {
    if (!expected.enums.has(name))
      drift.push(`enum ${name}: in the database but not in schema.prisma (values: ${values.join(', ')})`);
  }

  // Tables
  for (const [table, model] of expected.tables) {
    if (!actual.tables.has(table)) drift.push(`table ${table}: missing from the database (model ${model})`);
  }
  for (const table of actual.tables) {
    if (!expected.tables.has(table)) drift.push(`table ${table}: in the database but not in schema.prisma`);
  }

  // Columns (of tables present on both sides)
  const actualColumns = new Map(actual.columns.map((c) => [`${c.table}.${c.name}`, c]));
  const expectedColumns = new Set(expected.columns.map((c) => `${c.table}.${c.name}`));
  for (const col of expected.columns) {
    if (!actual.tables.has(col.table)) continue;
    const key = `${col.table}.${col.name}`;
    const found = actualColumns.get(key);
    if (!found) {
      drift.push(
        `column ${key}: missing from the database (${col.source}: ${col.type}${col.notNull ? ' NOT NULL' : ''})`,
      );
      continue;
    }
    if (found.type !== col.type) {
      drift.push(`column ${key}: type — schema.prisma (${col.source}) expects ${col.type}, database has ${found.type}`);
    }
    if (col.notNull !== null && found.notNull !== col.notNull) {
      const nullability = (notNull: boolean) => (notNull ? 'NOT NULL' : 'NULL');
      drift.push(
        `column ${key}: nullability — schema.prisma (${col.source}) expects ${nullability(col.notNull)}, ` +
          `database has ${nullability(found.notNull)}`,
      );
    }
    if (!defaultMatches(col.default, found.default)) {
      drift.push(
        `column ${key}: default — schema.prisma (${col.source}) expects ${describeDefault(col.default)}, ` +
          `database has ${found.default === null ? 'no default' : `DEFAULT ${found.default}`}`,
      );
    }
  }
  for (const col of actual.columns) {
    const key = `${col.table}.${col.name}`;
    if (expected.tables.has(col.table) && !expectedColumns.has(key)) {
      drift.push(
        `column ${key}: in the database but not in schema.prisma (${col.type}${col.notNull ? ' NOT NULL' : ''})`,
      );
    }
  }

  // Primary keys and indexes, matched by name, else by shape (then only the name differs)
  const unmatchedActual = new Set(actual.indexes.filter((i) => expected.tables.has(i.table)));
  for (const index of expected.indexes) {
    if (!actual.tables.has(index.table)) continue;
    const byName = [...unmatchedActual].find((i) => i.name === index.name && i.table === index.table);
    const found = byName ?? [...unmatchedActual].find((i) => sameIndexShape(i, index) && !i.partial && !i.expressions);
    if (!found) {
      drift.push(`index: missing from the database: ${describeIndex(index)}`);
      continue;
    }
    unmatchedActual.delete(found);
    if (found.name !== index.name) {
      drift.push(`index: ${describeIndex(index)} is named "${found.name}" in the database`);
    } else if (!sameIndexShape(found, index) || found.partial || found.expressions) {
      const extra = `${found.partial ? ` WHERE ${found.partial}` : ''}${found.expressions ? ' (with expressions)' : ''}`;
      drift.push(`index: schema.prisma expects ${describeIndex(index)}, database has ${describeIndex(found)}${extra}`);
    }
  }
  for (const index of unmatchedActual) {
    drift.push(
      `index: in the database but not in schema.prisma: ${describeIndex(index)}${index.partial ? ` WHERE ${index.partial}` : ''}`,
    );
  }

  // Foreign keys
  const unmatchedFks = new Set(actual.foreignKeys.filter((fk) => expected.tables.has(fk.table)));
  for (const fk of expected.foreignKeys) {
    if (!actual.tables.has(fk.table)) continue;
    const byName = [...unmatchedFks].find((f) => f.name === fk.name && f.table === fk.table);
    const found = byName ?? [...unmatchedFks].find((f) => sameFkShape(f, fk));
    if (!found) {
      drift.push(`foreign key: missing from the database: ${describeFk(fk)}`);
      continue;
    }
    unmatchedFks.delete(found);
    if (found.name !== fk.name) drift.push(`foreign key: ${describeFk(fk)} is named "${found.name}" in the database`);
    else if (!sameFkShape(found, fk)) {
      drift.push(`foreign key: schema.prisma expects ${describeFk(fk)}, database has ${describeFk(found)}`);
    }
  }
  for (const fk of unmatchedFks) drift.push(`foreign key: in the database but not in schema.prisma: ${describeFk(fk)}`);

  // Constraints Prisma never creates
  for (const c of actual.otherConstraints) {
    if (expected.tables.has(c.table))
      drift.push(`constraint "${c.name}" on ${c.table}: in the database but not in schema.prisma: ${c.definition}`);
  }

  return drift;
}
