import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinMember } from '../../../db/members/members.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../domain/members/member-profile.ts';
import { campaignScheduleId } from '../../../domain/promotions/coupon-campaigns.ts';
import { taipeiDayKey } from '../../../domain/taipei-time.ts';
import { requestAs } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { openRestaurant, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * 自動發送設定 on a real Temporal Schedule: a birthday campaign's Schedule runs daily at 10:00
 * Taipei; a triggered run, a retried one and two overlapping ones give each birthday member
 * exactly one coupon for the year and nobody else any; a paused campaign issues nothing.
 */

let stack: Stack;
let shop: TestRestaurant;

beforeAll(async () => {
  stack = await startStack();
  shop = await openRestaurant(stack, '2300001402');
}, 120_000);
afterAll(() => stack?.stop());

const admin = (method: string, path: string, body?: unknown) =>
  requestAs(stack.apiUrl, shop.owner, method, `/api/t/${shop.tenant.slug}${path}`, body);

async function member(name: string, birthday: string | null) {
  const customer = await stack.db.customer.create({
    data: { tenantId: shop.tenant.id, lineUserId: `U${name}${Date.now()}`, displayName: name },
  });
  const card = await joinMember(stack.db, shop.tenant.id, customer.id, {
    phone: '0911000111',
    birthday,
    gender: 'undisclosed',
    consent: true,
    consentVersion: PRIVACY_NOTICE_VERSION,
  });
  return card.memberId;
}

describe('coupon campaigns', () => {
  it('issues one birthday coupon per member per year however often the Schedule’s run goes', async () => {
    const month = taipeiDayKey(new Date()).slice(4, 6);
    const otherMonth = String((Number(month) % 12) + 1).padStart(2, '0');
    const birthdayMember = await member('壽星', `1990-${month}-15`);
    await member('不是壽星', `1990-${otherMonth}-15`);
    await member('沒給生日', null);

    const coupon = await admin('POST', '/coupons', {
      name: '生日快樂 折 100',
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
    const refused = await admin('POST', '/coupon-campaigns', {
      name: '回購',
      couponId: coupon.body.id,
      kind: 'repurchase',
    });
    expect(refused).toMatchObject({ status: 400, body: { fields: { days: '請輸入最後一次消費後幾天發送' } } });
    const created = await admin('POST', '/coupon-campaigns', {
      name: '生日禮',
      couponId: coupon.body.id,
      kind: 'birthday',
    });
    expect(created.status).toBe(201);
    const campaignId = created.body.id as string;

    const schedule = stack.temporal.schedule.getHandle(campaignScheduleId(campaignId));
    const described = await schedule.describe();
    expect(described.spec.timezone).toBe('Asia/Taipei');
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 10 }], minute: [{ start: 0 }] });
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'couponCampaignWorkflow' });

    // The Schedule's own run (triggered now, as at 10:00).
    await schedule.trigger();
    const run = await waitFor('the triggered run', async () => (await schedule.describe()).info.recentActions[0]);
    const scheduled = await stack.temporal.workflow.getHandle(run.action.workflow.workflowId).result();
    expect(scheduled).toMatchObject({ audience: 1, issued: 1, paused: false });

    // Two overlapping runs and a retry of one (the same workflow again): nothing more.
    const execute = (workflowId: string) =>
      stack.temporal.workflow.execute('couponCampaignWorkflow', {
        taskQueue: stack.taskQueue,
        workflowId,
        args: [{ tenantId: shop.tenant.id, campaignId }],
      });
    const stamp = Date.now();
    const overlapping = await Promise.all([execute(`campaign-test-a-${stamp}`), execute(`campaign-test-b-${stamp}`)]);
    expect(overlapping).toEqual([
      { campaignId, audience: 1, issued: 0, paused: false },
      { campaignId, audience: 1, issued: 0, paused: false },
    ]);
    await recordHistory(`campaign-test-a-${stamp}`, 'coupon-campaign-birthday');
    const issued = await stack.db.memberCoupon.findMany({ where: { tenantId: shop.tenant.id } });
    expect(issued.map((c) => c.memberId)).toEqual([birthdayMember]);
    expect(issued[0]!.issueKey).toBe(
      `campaign:${campaignId}:${taipeiDayKey(new Date()).slice(0, 4)}:${birthdayMember}`,
    );
    const listed = await admin('GET', '/coupon-campaigns');
    expect(listed.body.campaigns).toMatchObject([{ id: campaignId, kind: 'birthday', issued: 1, paused: false }]);

    // Paused: the Schedule is paused and a run that starts anyway issues nothing.
    expect((await admin('PUT', `/coupon-campaigns/${campaignId}/paused`, { paused: true })).status).toBe(200);
    expect((await schedule.describe()).state.paused).toBe(true);
    await member('新壽星', `1995-${month}-01`);
    expect(await execute(`campaign-test-c-${stamp}`)).toMatchObject({ issued: 0, paused: true });
    expect(await stack.db.memberCoupon.count({ where: { tenantId: shop.tenant.id } })).toBe(1);
    await schedule.delete();
  });
});
