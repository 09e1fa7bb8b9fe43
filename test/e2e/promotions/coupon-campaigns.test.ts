import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinMember } from '../../../db/members/members.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../domain/members/member-profile.ts';
import { campaignIssueKey, campaignScheduleId } from '../../../domain/promotions/coupon-campaigns.ts';
import { taipeiDayKey } from '../../../domain/taipei-time.ts';
import { requestAs } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { createSandboxUser, sandboxPost, textsTo } from '../../support/line-sandbox.ts';
import { openRestaurant, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * 自動發送設定 on a real Temporal Schedule: a birthday campaign's Schedule runs daily at 10:00
 * Taipei under a workflow ID naming the campaign and the run's time; the run gives each birthday
 * member one coupon for the year, tells them in LINE once, and keeps one row for its day in
 * coupon_campaign_runs however often it is retried, run again or overlapped. 暫停 pauses the
 * Schedule itself (described paused, with a note) and a run that starts anyway issues nothing;
 * 恢復 starts it again. An edit is checked like a create and renames the Schedule's runs. LINE
 * refusing the shop (a revoked token) is left on the run's row as the shop reads it.
 */

let stack: Stack;
let shop: TestRestaurant;
let other: TestRestaurant;

beforeAll(async () => {
  stack = await startStack();
  shop = await openRestaurant(stack, '2300001402');
  other = await openRestaurant(stack, '2300001403');
}, 120_000);
afterAll(() => stack?.stop());

const admin = (method: string, path: string, body?: unknown) =>
  requestAs(stack.apiUrl, shop.owner, method, `/api/t/${shop.tenant.slug}${path}`, body);

const month = taipeiDayKey(new Date()).slice(4, 6);
const today = taipeiDayKey(new Date());

/** A member of the shop with a LINE account in the sandbox; `birthday` null: none given. */
async function member(name: string, birthday: string | null, options: { blocked?: boolean; at?: TestRestaurant } = {}) {
  const { tenant } = options.at ?? shop;
  const lineUserId = await createSandboxUser(stack, name);
  const customer = await stack.db.customer.create({
    data: {
      tenantId: tenant.id,
      lineUserId,
      displayName: name,
      ...(options.blocked ? { blockedAt: new Date() } : {}),
    },
  });
  const card = await joinMember(stack.db, tenant.id, customer.id, {
    phone: '0911000111',
    birthday,
    gender: 'undisclosed',
    consent: true,
    consentVersion: PRIVACY_NOTICE_VERSION,
  });
  return { memberId: card.memberId, lineUserId };
}

async function birthdayCoupon(name: string) {
  const coupon = await admin('POST', '/coupons', {
    name,
    rule: {
      value: { kind: 'amount', amount: 100 },
      scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
      minSpend: 300,
      stacks: false,
    },
    validDays: 30,
    startsAt: null,
    endsAt: null,
  });
  expect(coupon.status).toBe(201);
  return coupon.body.id as string;
}

const execute = (workflowId: string, campaignId: string, at: TestRestaurant = shop) =>
  stack.temporal.workflow.execute('couponCampaignWorkflow', {
    taskQueue: stack.taskQueue,
    workflowId,
    args: [{ tenantId: at.tenant.id, campaignId }],
  });

describe('coupon campaigns', () => {
  it('keeps one row per day however often the Schedule’s run is retried, run again or overlapped', async () => {
    const a = await member('壽星甲', `1990-${month}-15`);
    const b = await member('壽星乙', `1991-${month}-02`);
    const otherMonth = String((Number(month) % 12) + 1).padStart(2, '0');
    await member('不是壽星', `1990-${otherMonth}-15`);
    await member('沒給生日', null);

    const couponId = await birthdayCoupon('生日快樂 折 100');
    const refused = await admin('POST', '/coupon-campaigns', { name: '回購', couponId, kind: 'repurchase' });
    expect(refused).toMatchObject({ status: 400, body: { fields: { days: '請輸入最後一次消費後幾天發送' } } });
    const created = await admin('POST', '/coupon-campaigns', { name: '生日禮', couponId, kind: 'birthday' });
    expect(created.status).toBe(201);
    const campaignId = created.body.id as string;

    const schedule = stack.temporal.schedule.getHandle(campaignScheduleId(campaignId));
    const described = await schedule.describe();
    expect(described.spec.timezone).toBe('Asia/Taipei');
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 10 }], minute: [{ start: 0 }] });
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'couponCampaignWorkflow',
      workflowId: `coupon-campaign-${campaignId}`,
      staticSummary: '自動發券：生日禮',
    });

    // The Schedule's own run (triggered now, as at 10:00); LINE fails the second push once, so the
    // message step is retried: what went out is not sent again.
    await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/message/push', mode: 'error500', count: 1, skip: 1 });
    await schedule.trigger();
    const action = await waitFor('the triggered run', async () => (await schedule.describe()).info.recentActions[0]);
    const workflowId = action.action.workflow.workflowId;
    // The run's ID names the campaign and the time it was scheduled for, whose Taipei day is its key.
    expect(workflowId).toMatch(
      new RegExp(`^coupon-campaign-${campaignId}-\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$`),
    );
    const scheduledFor = new Date(workflowId.slice(`coupon-campaign-${campaignId}-`.length));
    expect(scheduledFor.getTime()).toBe(Math.floor(action.scheduledAt.getTime() / 1000) * 1000);
    const runKey = taipeiDayKey(scheduledFor);
    const firstRun = await stack.temporal.workflow.getHandle(workflowId).result();
    const figures = { audience: 2, issued: 2, skipped: 0, lineSent: 2, lineFailed: 0 };
    expect(firstRun).toEqual({ campaignId, runKey, ...figures, paused: false });
    const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
    const retried = history.events?.find(
      (e) => e.activityTaskStartedEventAttributes && Number(e.activityTaskStartedEventAttributes.attempt) > 1,
    );
    expect(retried, 'the message step was retried').toBeDefined();
    await recordHistory(workflowId, 'coupon-campaign-recorded-run');

    // The run gives as of the Schedule's time (its day's window), not when the worker got to it.
    const given = await stack.db.memberCoupon.findFirstOrThrow({ where: { memberId: a.memberId } });
    expect(given.issuedAt.getTime()).toBe(scheduledFor.getTime());

    const rows = () => stack.db.couponCampaignRun.findMany({ where: { campaignId } });
    expect(await rows()).toEqual([
      expect.objectContaining({ runKey, workflowId, ...figures, error: null, finishedAt: expect.any(Date) }),
    ]);
    for (const who of [a, b]) {
      const texts = await textsTo(stack, shop.tenant, who.lineUserId);
      expect(texts).toEqual([expect.stringContaining('送您一張優惠券「生日快樂 折 100」')]);
      expect(texts[0]).toContain(`/member`);
    }

    // Later that day: a member whose coupon came from yesterday's run, and one who blocked the
    // shop. The same workflow run again, and two overlapping runs, all land on the day's row.
    const c = await member('封鎖了', `1992-${month}-20`, { blocked: true });
    const d = await member('昨天領過', `1993-${month}-09`);
    const year = today.slice(0, 4);
    const yesterday = new Date(Date.now() - 86_400_000);
    await stack.db.memberCoupon.create({
      data: {
        tenantId: shop.tenant.id,
        couponId,
        memberId: d.memberId,
        issueKey: campaignIssueKey(campaignId, year, d.memberId),
        issuedAt: yesterday,
        validFrom: yesterday,
      },
    });
    const again = await Promise.all([
      execute(workflowId, campaignId),
      execute(`${workflowId}-overlap-a`, campaignId),
      execute(`${workflowId}-overlap-b`, campaignId),
    ]);
    const later = { audience: 4, issued: 3, skipped: 1, lineSent: 2, lineFailed: 1 };
    for (const result of again) expect(result).toEqual({ campaignId, runKey: today, ...later, paused: false });
    expect(await rows()).toEqual([expect.objectContaining({ runKey: today, ...later, error: null })]);
    expect(await stack.db.memberCoupon.count({ where: { tenantId: shop.tenant.id } })).toBe(4);
    expect(await textsTo(stack, shop.tenant, a.lineUserId)).toHaveLength(1);
    expect(await textsTo(stack, shop.tenant, c.lineUserId)).toEqual([]);
    expect(await textsTo(stack, shop.tenant, d.lineUserId)).toEqual([]);
    const failed = await stack.db.couponCampaignMessage.findMany({
      where: { tenantId: shop.tenant.id, status: 'failed' },
    });
    expect(failed).toEqual([expect.objectContaining({ reason: '顧客已封鎖本店的 LINE 官方帳號' })]);

    // The campaign's page reads the runs, newest first; another shop sees none of it.
    const page = await admin('GET', `/coupon-campaigns/${campaignId}`);
    expect(page.body).toMatchObject({
      campaign: { id: campaignId, paused: false, issued: 4 },
      runs: [{ runKey: today, ...later }],
    });
    const elsewhere = await requestAs(
      stack.apiUrl,
      other.owner,
      'GET',
      `/api/t/${other.tenant.slug}/coupon-campaigns/${campaignId}`,
    );
    expect(elsewhere.status).toBe(404);
    await schedule.delete();
  });

  it('pauses and resumes the Schedule itself; a paused campaign issues nothing', async () => {
    const couponId = await birthdayCoupon('壽星券');
    const created = await admin('POST', '/coupon-campaigns', { name: '壽星月', couponId, kind: 'birthday' });
    const campaignId = created.body.id as string;
    const schedule = stack.temporal.schedule.getHandle(campaignScheduleId(campaignId));
    expect((await schedule.describe()).state.paused).toBe(false);

    expect(await admin('PUT', `/coupon-campaigns/${campaignId}/paused`, { paused: 'yes' })).toMatchObject({
      status: 400,
    });
    const paused = await admin('PUT', `/coupon-campaigns/${campaignId}/paused`, { paused: true });
    expect(paused).toMatchObject({ status: 200, body: { paused: true } });
    const stopped = await schedule.describe();
    expect(stopped.state.paused).toBe(true);
    expect(stopped.state.note).toMatch(/暫停自動發送$/);
    expect(stopped.state.note).toContain(shop.owner.displayName);
    expect((await admin('GET', `/coupon-campaigns/${campaignId}`)).body.campaign).toMatchObject({ paused: true });

    // A run that starts anyway (one already on its way) gives nothing and records no run.
    await member('暫停時的壽星', `1995-${month}-01`);
    expect(await execute(`campaign-paused-${Date.now()}`, campaignId)).toMatchObject({ issued: 0, paused: true });
    expect(await stack.db.memberCoupon.count({ where: { couponId } })).toBe(0);
    expect(await stack.db.couponCampaignRun.count({ where: { campaignId } })).toBe(0);

    // Another shop cannot pause or resume it.
    const foreign = await requestAs(
      stack.apiUrl,
      other.owner,
      'PUT',
      `/api/t/${other.tenant.slug}/coupon-campaigns/${campaignId}/paused`,
      { paused: false },
    );
    expect(foreign.status).toBe(404);
    expect((await schedule.describe()).state.paused).toBe(true);

    const resumed = await admin('PUT', `/coupon-campaigns/${campaignId}/paused`, { paused: false });
    expect(resumed).toMatchObject({ status: 200, body: { paused: false } });
    const running = await schedule.describe();
    expect(running.state.paused).toBe(false);
    expect(running.state.note).toMatch(/恢復自動發送$/);
    await schedule.trigger();
    const action = await waitFor('the resumed run', async () => (await schedule.describe()).info.recentActions[0]);
    const result = await stack.temporal.workflow.getHandle(action.action.workflow.workflowId).result();
    expect(result).toMatchObject({ paused: false, issued: expect.any(Number) });
    expect(result.issued).toBeGreaterThan(0);
    expect(await stack.db.couponCampaignRun.count({ where: { campaignId } })).toBe(1);
    await schedule.delete();
  });

  it('edits a campaign by the create rules and names its Schedule’s runs anew', async () => {
    const couponId = await birthdayCoupon('回購禮');
    const created = await admin('POST', '/coupon-campaigns', { name: '回購提醒', couponId, kind: 'birthday' });
    const campaignId = created.body.id as string;
    const path = `/coupon-campaigns/${campaignId}`;

    const noTag = await admin('PUT', path, { name: '標籤會員', couponId, kind: 'segment' });
    expect(noTag).toMatchObject({ status: 400, body: { message: '請選擇標籤', fields: { tagId: '請選擇標籤' } } });
    const badDays = await admin('PUT', path, { name: '回購', couponId, kind: 'repurchase', days: 0 });
    expect(badDays).toMatchObject({
      status: 400,
      body: { message: '天數至少 1 天', fields: { days: '天數至少 1 天' } },
    });
    const otherCoupon = await requestAs(stack.apiUrl, other.owner, 'POST', `/api/t/${other.tenant.slug}/coupons`, {
      name: '別家的券',
      rule: {
        value: { kind: 'amount', amount: 10 },
        scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
        minSpend: 0,
        stacks: false,
      },
      validDays: null,
      startsAt: null,
      endsAt: null,
    });
    const foreignCoupon = await admin('PUT', path, { name: '回購', couponId: otherCoupon.body.id, kind: 'birthday' });
    expect(foreignCoupon).toMatchObject({ status: 400, body: { fields: { couponId: '找不到這張優惠券' } } });
    const foreign = await requestAs(stack.apiUrl, other.owner, 'PUT', `/api/t/${other.tenant.slug}${path}`, {
      name: '回購',
      couponId: otherCoupon.body.id,
      kind: 'birthday',
    });
    expect(foreign.status).toBe(404);

    expect(await admin('PUT', `/coupon-campaigns/${campaignId}/paused`, { paused: true })).toMatchObject({
      status: 200,
    });
    const saved = await admin('PUT', path, { name: '三十天回購', couponId, kind: 'repurchase', days: 30 });
    expect(saved).toMatchObject({
      status: 200,
      body: { id: campaignId, name: '三十天回購', kind: 'repurchase', days: 30, paused: true },
    });
    const described = await stack.temporal.schedule.getHandle(campaignScheduleId(campaignId)).describe();
    expect(described.action).toMatchObject({ staticSummary: '自動發券：三十天回購' });
    expect(described.state.paused).toBe(true);
    await stack.temporal.schedule.getHandle(campaignScheduleId(campaignId)).delete();
  });

  it('leaves LINE’s refusal of the shop on the day’s run, and keeps it when nothing new is sent', async () => {
    const ask = (method: string, path: string, body?: unknown) =>
      requestAs(stack.apiUrl, other.owner, method, `/api/t/${other.tenant.slug}${path}`, body);
    const coupon = await ask('POST', '/coupons', {
      name: '壽星折 30',
      rule: {
        value: { kind: 'amount', amount: 30 },
        scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
        minSpend: 0,
        stacks: false,
      },
      validDays: 30,
      startsAt: null,
      endsAt: null,
    });
    const created = await ask('POST', '/coupon-campaigns', {
      name: '壽星',
      couponId: coupon.body.id,
      kind: 'birthday',
    });
    const campaignId = created.body.id as string;
    await stack.temporal.schedule.getHandle(campaignScheduleId(campaignId)).delete();
    const one = await member('甲', `1990-${month}-01`, { at: other });
    const two = await member('乙', `1990-${month}-02`, { at: other });

    // The shop's channel token was revoked: the first push is refused, the rest are not tried.
    await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/message/push', mode: 'error401', count: 1 });
    const refused = await execute(`coupon-campaign-${campaignId}-revoked`, campaignId, other);
    expect(refused).toMatchObject({ audience: 2, issued: 2, lineSent: 0, lineFailed: 2 });
    const revoked = expect.stringContaining('Channel access token');
    const row = () => stack.db.couponCampaignRun.findFirstOrThrow({ where: { campaignId } });
    expect(await row()).toMatchObject({ lineSent: 0, lineFailed: 2, error: revoked, finishedAt: expect.any(Date) });
    expect(await textsTo(stack, other.tenant, one.lineUserId)).toEqual([]);
    expect(await textsTo(stack, other.tenant, two.lineUserId)).toEqual([]);

    // Run again that day with nothing new to give: the reason stands; the counts are the same.
    await execute(`coupon-campaign-${campaignId}-again`, campaignId, other);
    expect(await row()).toMatchObject({ issued: 2, lineSent: 0, lineFailed: 2, error: revoked });
    const page = await ask('GET', `/coupon-campaigns/${campaignId}`);
    expect(page.body.runs).toEqual([expect.objectContaining({ error: revoked, lineFailed: 2 })]);
  });
});
