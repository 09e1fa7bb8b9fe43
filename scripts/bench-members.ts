import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { percentile, round } from '../bench/stats.ts';
import { createDb } from '../db/client.ts';
import { applyMigrations } from '../db/migrate.ts';
import { listMembers, type MemberFilters } from '../db/members/member-list.ts';
import { loadMemberAnalytics, loadTagAnalytics } from '../db/members/member-analytics.ts';
import { lastTaipeiDays } from '../domain/insights/day-series.ts';
import { refreshRuleTags } from '../db/members/tags.ts';
import { evaluateAllTiers } from '../db/members/tier-evaluation.ts';
import { previewTiers } from '../db/members/tiers.ts';
import { writeBenchResult } from '../bench/results-file.ts';
import { createLineClient } from '../integrations/line/client.ts';
import { MULTICAST_PER_SECOND, multicastAll } from '../integrations/line/multicast.ts';
import { registerChannel, startLineSandbox, TEST_CHANNEL } from '../sandbox/line/testing.ts';

/**
 * `npm run bench:members [-- --members 100000 --orders 300000 --runs 50]`
 * A shop with 100,000 members seeded with set-based SQL (orders, tags, tiers, a points ledger),
 * then 會員列表's queries timed as the API runs them: the first page and a deep keyset page,
 * search, and each filter, p50/p95/p99 over `runs`; 會員經營分析 and 會員標籤分析 over 30 and
 * 365 days the same way; and once each, the nightly work that
 * touches every member (tier re-evaluation, tier preview, rule tags); and a campaign message to
 * every member through the LINE sandbox's multicast (500 a call, its 200 calls a second enforced),
 * its duration printed.
 */
const { values: opts } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    orders: { type: 'string', default: '300000' },
    runs: { type: 'string', default: '50' },
    /** Leave the seeded database in place (its name is printed) to look at query plans. */
    keep: { type: 'boolean', default: false },
  },
});
const size = { members: Number(opts.members), orders: Number(opts.orders) };
const runs = Number(opts.runs);
const say = (line: string) => console.log(`[bench:members] ${line}`);

const adminUrl = 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `jiayi_bench_members_${randomBytes(3).toString('hex')}`;
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
await applyMigrations(databaseUrl);
const sql = new pg.Client({ connectionString: databaseUrl });
await sql.connect();

const seeded = performance.now();
// The seed is bulk SQL: the reports' row triggers (which keep their facts current order by
// order) would turn it into hundreds of thousands of small updates, and nothing here reads them.
await sql.query(`SET session_replication_role = replica`);
const {
  rows: [tenant],
} = await sql.query<{ id: string }>(
  `INSERT INTO tenants (id, slug, name, order_prefix, updated_at) VALUES (gen_random_uuid(), 'bench-members', '會員測試店', 'BMEM', now()) RETURNING id`,
);
const t = tenant!.id;
await sql.query(
  `INSERT INTO products (id, tenant_id, code, name, price, stock, is_public, created_at, updated_at)
   SELECT gen_random_uuid(), $1, lpad(g::text, 9, '0'), (ARRAY['麻辣鍋','滷肉飯','珍珠奶茶','辣味雞排'])[1 + g % 4] || g, 100 + g % 400, -1, true, now(), now()
   FROM generate_series(1, 200) g`,
  [t],
);
await sql.query(
  `INSERT INTO customers (id, tenant_id, line_user_id, display_name, created_at, updated_at)
   SELECT gen_random_uuid(), $1, 'U' || md5(g::text), (ARRAY['王','陳','林','黃','張','李'])[1 + g % 6] || '會員' || g, now() - (g || ' minutes')::interval, now()
   FROM generate_series(1, $2) g`,
  [t, size.members],
);
await sql.query(
  `INSERT INTO members (id, tenant_id, customer_id, member_code, phone, birthday, gender, consent_version, consented_at, joined_at, updated_at)
   SELECT gen_random_uuid(), c.tenant_id, c.id, 'M' || upper(substr(md5(c.id::text), 1, 10)), '09' || lpad((row_number() OVER ())::text, 8, '0'),
          date '1960-01-01' + (hashtext(c.id::text) & 16383), (ARRAY['female','male','other','undisclosed'])[1 + (hashtext(c.id::text) & 3)],
          '2026-12', c.created_at, c.created_at, now()
   FROM customers c WHERE c.tenant_id = $1`,
  [t],
);
await sql.query(
  `WITH c AS (SELECT id, row_number() OVER () AS rn FROM customers WHERE tenant_id = $1),
        p AS (SELECT id, code, name, price, row_number() OVER () AS rn FROM products WHERE tenant_id = $1),
        o AS (
          INSERT INTO orders (id, tenant_id, number, customer_id, status, total, source_event_id, workflow_id, delivery_address, created_at, updated_at)
          SELECT gen_random_uuid(), $1, 'BMEM-' || lpad(g::text, 12, '0'), c.id,
                 (ARRAY['completed','shipped','cancelled','completed','pending'])[1 + g % 5]::order_status, 100 + g % 2000,
                 'bench-' || g, 'bench-' || g, CASE WHEN g % 3 = 0 THEN '台南市北區北成路' || g || '號' END,
                 now() - ((g % 400) || ' days')::interval, now()
          FROM generate_series(1, $2) g JOIN c ON c.rn = 1 + (g::bigint * 7919) % $3
          RETURNING id)
   INSERT INTO order_items (id, tenant_id, order_id, product_id, product_code, product_name, unit_price, requested_quantity, allocated_quantity)
   SELECT gen_random_uuid(), $1, o.id, p.id, p.code, p.name, p.price, 2, 2
   FROM (SELECT id, row_number() OVER () AS rn FROM o) o JOIN p ON p.rn = 1 + (o.rn * 104729) % 200`,
  [t, size.orders, size.members],
);
await sql.query(
  `INSERT INTO member_point_entries (id, tenant_id, member_id, kind, points, idempotency_key, created_at)
   SELECT gen_random_uuid(), m.tenant_id, m.id, 'earn', 10 + (hashtext(m.id::text) & 255), 'bench:' || m.id, now() FROM members m WHERE m.tenant_id = $1`,
  [t],
);
const tiers = [
  {
    id: null,
    name: '銀卡',
    rank: 1,
    minSpend: 2_000,
    minOrders: 0,
    windowDays: 365,
    discountPercent: 0,
    pointsMultiplierPct: 100,
  },
  {
    id: null,
    name: '金卡',
    rank: 2,
    minSpend: 5_000,
    minOrders: 8,
    windowDays: 180,
    discountPercent: 5,
    pointsMultiplierPct: 150,
  },
];
for (const tier of tiers)
  await sql.query(
    `INSERT INTO member_tiers (id, tenant_id, name, rank, min_spend, min_orders, window_days, discount_percent, points_multiplier_pct, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [
      t,
      tier.name,
      tier.rank,
      tier.minSpend,
      tier.minOrders,
      tier.windowDays,
      tier.discountPercent,
      tier.pointsMultiplierPct,
    ],
  );
const {
  rows: [tag],
} = await sql.query<{ id: string }>(
  `INSERT INTO member_tags (id, tenant_id, name, kind, rule, updated_at)
   VALUES (gen_random_uuid(), $1, '愛吃辣', 'rule', '{"match":"all","conditions":[{"kind":"bought","keyword":"辣","minUnits":4}]}', now()) RETURNING id`,
  [t],
);
await sql.query(
  `INSERT INTO member_tags (id, tenant_id, name, kind, rule, updated_at)
   VALUES (gen_random_uuid(), $1, '近 30 天未回購', 'rule', '{"match":"all","conditions":[{"kind":"lapsed","days":30}]}', now())`,
  [t],
);
await sql.query(`SET session_replication_role = origin`);
await sql.query('ANALYZE');
const seedSeconds = round((performance.now() - seeded) / 1000);
say(`seeded ${size.members} members and ${size.orders} orders in ${seedSeconds} s`);

const db = createDb(databaseUrl, { poolSize: 4 });
const once = async <T>(name: string, work: () => Promise<T>) => {
  const started = performance.now();
  const result = await work();
  const ms = round(performance.now() - started);
  say(`${name}: ${ms} ms`);
  return { ms, result };
};
const nightly = {
  evaluateAllTiers: await once('re-evaluate every tier', () => evaluateAllTiers(db, t, new Date())),
  refreshRuleTags: await once('refresh rule tags', () => refreshRuleTags(db, t, new Date())),
  previewTiers: await once('preview a tier change', () =>
    previewTiers(
      db,
      t,
      tiers.map((tier) => ({ ...tier, minSpend: tier.minSpend * 2 })),
      new Date(),
    ),
  ),
};

// The nightly work just rewrote every member's tier and tag links; autovacuum's analyze would
// refresh their statistics before long, and the list's plans depend on them (a common tag walks
// the list in order, a rare one starts from its links).
await sql.query('ANALYZE members, member_tag_links');

const none: MemberFilters = { query: null, tier: null, tagId: null, gender: null, birthdayMonth: null };
const {
  rows: [deep],
} = await sql.query<{ joined_at: Date; id: string }>(
  `SELECT joined_at, id FROM members WHERE tenant_id = $1 ORDER BY joined_at DESC, id DESC OFFSET 90000 LIMIT 1`,
  [t],
);
const {
  rows: [someTier],
} = await sql.query<{ id: string }>(`SELECT id FROM member_tiers WHERE tenant_id = $1 AND rank = 1`, [t]);
const cases: Record<string, { filters: MemberFilters; after?: { createdAt: Date; id: string } }> = {
  'first page': { filters: none },
  'page at member 90,000 (keyset)': {
    filters: none,
    after: deep ? { createdAt: deep.joined_at, id: deep.id } : undefined,
  },
  'search by name': { filters: { ...none, query: '林會員777' } },
  'search by phone prefix': { filters: { ...none, query: '0900012' } },
  'filter by tier': { filters: { ...none, tier: someTier!.id } },
  'filter by tag': { filters: { ...none, tagId: tag!.id } },
  'filter by gender and birthday month': { filters: { ...none, gender: 'female', birthdayMonth: 7 } },
};
const list: Record<string, { p50: number; p95: number; p99: number; rows: number }> = {};
for (const [name, c] of Object.entries(cases)) {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    rows = (await listMembers(db, t, c.filters, { limit: 50, after: c.after ?? null })).members.length;
    times.push(performance.now() - started);
  }
  list[name] = {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    rows,
  };
  say(`${name}: p95 ${list[name].p95} ms (${rows} rows)`);
}

// 會員經營分析 and 會員標籤分析 as their pages ask for them: the whole shop, 30 and 365 Taipei days.
const analytics: Record<string, { p50: number; p95: number; p99: number }> = {};
for (const days of [30, 365]) {
  const scope = { tenantId: t, ...lastTaipeiDays(new Date(), days), branchIds: null };
  for (const [name, load] of [
    ['member analytics', () => loadMemberAnalytics(db, scope)],
    ['tag analytics', () => loadTagAnalytics(db, scope)],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await load();
      times.push(performance.now() - started);
    }
    const key = `${name}, ${days} days`;
    analytics[key] = {
      p50: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      p99: round(percentile(times, 99)),
    };
    say(`${key}: p95 ${analytics[key].p95} ms`);
  }
}

// A campaign to every member: the audience read from the database, then LINE multicast.
const sandbox = await startLineSandbox();
await registerChannel(sandbox.url, { webhookUrl: 'http://127.0.0.1:9/unused' });
const line = createLineClient({
  channelAccessToken: TEST_CHANNEL.channelAccessToken,
  apiBaseUrl: sandbox.url,
  dataApiBaseUrl: sandbox.url,
});
const campaignStarted = performance.now();
const { rows: audience } = await sql.query<{ line_user_id: string }>(
  `SELECT c.line_user_id FROM members m JOIN customers c ON c.id = m.customer_id AND c.tenant_id = m.tenant_id
   WHERE m.tenant_id = $1 ORDER BY m.joined_at, m.id`,
  [t],
);
const sent = await multicastAll(
  line,
  audience.map((a) => a.line_user_id),
  [{ type: 'text', text: '會員日快樂！本週全品項 9 折，結帳時自動折抵。' }],
  { sendKey: `bench:${dbName}` },
);
const campaign = {
  ...sent,
  ms: round(performance.now() - campaignStarted),
  delivered: sandbox.store.usage(TEST_CHANNEL.channelId),
  callsPerSecond: round(sent.calls / (sent.ms / 1000)),
  limitPerSecond: MULTICAST_PER_SECOND,
};
await sandbox.close();
say(
  `campaign to ${campaign.recipients} members: ${campaign.ms} ms, ${campaign.calls} multicast calls at ` +
    `${campaign.callsPerSecond}/s (LINE allows ${MULTICAST_PER_SECOND}/s), ${campaign.rateLimited} refused as over the rate`,
);

const result = {
  at: new Date().toISOString(),
  size,
  runs,
  seedSeconds,
  list,
  analytics,
  nightly: Object.fromEntries(Object.entries(nightly).map(([k, v]) => [k, v.ms])),
  campaign,
  targetP95Ms: 100,
  withinTarget:
    Object.values(list).every((c) => c.p95 < 100) &&
    campaign.rateLimited === 0 &&
    campaign.delivered === campaign.recipients,
};
const file = writeBenchResult('members', result);
say(`wrote ${file}`);

await db.$disconnect();
await sql.end();
if (opts.keep) {
  say(`kept ${databaseUrl}`);
  process.exit(0);
}
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.end();
