import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taipeiDayKey } from '../../../domain/taipei-time.ts';
import { authConfigOf, requestAs, signedInMember, type TestSession } from '../../support/auth.ts';
import { shopWithRecords } from '../../support/member-records.ts';
import { startStack, type Stack } from '../../support/stack.ts';

/**
 * 點數 / 發券記錄 over the real API: the shop's whole points ledger and every coupon it issued
 * with its source and fate, filtered by member, kind or status and Taipei days, paged by
 * keyset, the CSV holding exactly what the filters select; another shop sees none of it.
 */
let stack: Stack;
let records: Awaited<ReturnType<typeof shopWithRecords>>;
let owner: TestSession;
let otherOwner: TestSession;
let otherSlug: string;

beforeAll(async () => {
  stack = await startStack();
  records = await shopWithRecords(stack.db);
  owner = await signedInMember(stack.db, authConfigOf(stack.env), records.shop.tenantId, { role: 'owner' });
  const other = await shopWithRecords(stack.db);
  otherSlug = other.shop.slug;
  otherOwner = await signedInMember(stack.db, authConfigOf(stack.env), other.shop.tenantId, { role: 'owner' });
}, 120_000);
afterAll(() => stack?.stop());

const get = (path: string, as = owner, slug = records.shop.slug) =>
  requestAs(stack.apiUrl, as, 'GET', `/api/t/${slug}/members/records/${path}`);
const today = () => taipeiDayKey(new Date());

describe('點數記錄', () => {
  it('lists the ledger newest first with member, kind, points and order, filtered by member, kind and days', async () => {
    const all = await get('points');
    expect(all.status).toBe(200);
    expect(all.body.entries).toEqual([
      expect.objectContaining({ memberName: '王大明', kind: 'adjust', points: 50, orderNumber: null, note: '生日禮' }),
      expect.objectContaining({ memberName: '林美玲', kind: 'earn', points: 70, orderNumber: records.order.number }),
    ]);
    const earned = await get('points?kind=earn');
    expect((earned.body.entries as { kind: string }[]).map((e) => e.kind)).toEqual(['earn']);
    const wang = await get(`points?q=${encodeURIComponent('0987654321')}`);
    expect((wang.body.entries as { memberId: string }[]).map((e) => e.memberId)).toEqual([records.wang]);
    const short = await get(`points?q=${encodeURIComponent('王')}`);
    expect((short.body.entries as { memberId: string }[]).map((e) => e.memberId)).toEqual([records.wang]);
    expect((await get(`points?from=${today()}&to=${today()}`)).body.entries).toHaveLength(2);
    expect((await get('points?from=2026-01-01&to=2026-01-02')).body.entries).toEqual([]);
  });

  it('pages by cursor, and refuses a query it cannot read', async () => {
    const first = await get('points?limit=1');
    expect(first.body.entries).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`points?limit=1&cursor=${first.body.nextCursor as string}`);
    expect((second.body.entries as { kind: string }[]).map((e) => e.kind)).toEqual(['earn']);
    expect(second.body.nextCursor).toBeNull();
    for (const bad of ['kind=gift', 'cursor=nope', 'from=2026-02-30', 'from=2026-03-02&to=2026-03-01', 'limit=1000'])
      expect((await get(`points?${bad}`)).status, bad).toBe(400);
  });

  it('exports exactly what is filtered as CSV, and puts the export on the audit log', async () => {
    const response = await fetch(`${stack.apiUrl}/api/t/${records.shop.slug}/members/records/points.csv?kind=earn`, {
      headers: owner.headers,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('時間,會員,會員編號,類型,點數,訂單編號,備註');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`,林美玲,M\\w+,累積,70,${records.order.number},$`)),
    ]);
    const audit = await stack.db.auditLog.findMany({
      where: { tenantId: records.shop.tenantId, action: 'member.points_export' },
    });
    expect(audit).toHaveLength(1);
  });
});

describe('發券記錄', () => {
  it('lists every issued coupon with its source and fate, the used one with its order', async () => {
    const all = await get('coupons');
    expect(all.status).toBe(200);
    const fates = (
      all.body.coupons as { memberName: string; source: string; status: string; orderNumbers: string[] }[]
    ).map((c) => [c.memberName, c.source, c.status, c.orderNumbers]);
    expect(fates).toEqual([
      ['王大明', 'birthday', 'unused', []],
      ['林美玲', 'manual', 'used', [records.order.number]],
      ['王大明', 'manual', 'expired', []],
    ]);
    const used = await get('coupons?status=used');
    expect(used.body.coupons).toEqual([expect.objectContaining({ couponName: '滿百折十', memberId: records.lin })]);
    expect((await get('coupons?status=expired')).body.coupons).toHaveLength(1);
    // Issued today: the lapsed one was issued 60 days ago.
    expect((await get(`coupons?from=${today()}&to=${today()}`)).body.coupons).toHaveLength(2);
    expect((await get('coupons?status=lost')).status).toBe(400);
    const page = await get('coupons?limit=2');
    const rest = await get(`coupons?limit=2&cursor=${page.body.nextCursor as string}`);
    expect((rest.body.coupons as { status: string }[]).map((c) => c.status)).toEqual(['expired']);
  });

  it('exports the filtered coupons as CSV', async () => {
    const q = encodeURIComponent('王大明');
    const response = await fetch(`${stack.apiUrl}/api/t/${records.shop.slug}/members/records/coupons.csv?q=${q}`, {
      headers: owner.headers,
    });
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('發券時間,會員,會員編號,優惠券,來源,狀態,使用訂單,有效期限');
    expect(
      lines.slice(1).map((line) =>
        line
          .split(',')
          .slice(1, 7)
          .filter((_, i) => i !== 1),
      ),
    ).toEqual([
      ['王大明', '滿百折十', '生日', '未使用', ''],
      ['王大明', '滿百折十', '手動', '已過期', ''],
    ]);
  });
});

describe('another shop', () => {
  it('sees none of it, through its own address or this shop’s', async () => {
    for (const path of ['points', 'coupons']) {
      const own = (await get(path, otherOwner, otherSlug)).body;
      const ids = (own.entries ?? own.coupons) as { memberId: string }[];
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.some((row) => row.memberId === records.lin || row.memberId === records.wang)).toBe(false);
      expect((await get(path, otherOwner)).status).toBe(404);
    }
    for (const file of ['points.csv', 'coupons.csv']) {
      const response = await fetch(`${stack.apiUrl}/api/t/${otherSlug}/members/records/${file}`, {
        headers: otherOwner.headers,
      });
      const text = await response.text();
      expect(text).not.toContain(records.order.number);
      expect((await get(file, otherOwner)).status).toBe(404);
    }
  });
});
