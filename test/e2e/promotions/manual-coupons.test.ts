import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinMember } from '../../../db/members/members.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../domain/members/member-profile.ts';
import { couponIssueWorkflowId } from '../../../domain/workflow-ids.ts';
import { batchRetryKey } from '../../../integrations/line/multicast.ts';
import { authConfigOf, requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { createSandboxUser, sandboxPost } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';
import { settle, startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * 手動發券 against the LINE sandbox: a tag's members get the coupon once and each one LINE can
 * reach gets one flex coupon card by multicast; the same request again sends nothing more; a
 * send that would not fit in the month's quota is refused before anything is issued or sent;
 * an uploaded list reports its unknown lines; another shop's members never join the audience.
 */

let stack: Stack;
let shop: TestTenant;
let owner: TestMember & TestSession;
let other: TestTenant;

beforeAll(async () => {
  stack = await startStack();
  shop = await createTestTenant(stack, { products: [] });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), shop.id, { role: 'owner' });
  other = await createTestTenant(stack, { products: [] });
}, 120_000);
afterAll(() => stack?.stop());

const admin = (method: string, path: string, body?: unknown) =>
  requestAs(stack.apiUrl, owner, method, `/api/t/${shop.slug}${path}`, body);

let phoneSeq = 0;
/** A member of `tenant`: a LINE user of the sandbox unless `line` is false; `blocked`: they blocked the shop. */
async function member(tenant: TestTenant, name: string, opts: { line?: boolean; blocked?: boolean } = {}) {
  const lineUserId =
    opts.line === false ? `guest-${randomBytes(6).toString('hex')}` : await createSandboxUser(stack, name);
  const customer = await stack.db.customer.create({
    data: { tenantId: tenant.id, lineUserId, displayName: name, blockedAt: opts.blocked ? new Date() : null },
  });
  const phone = `09${String(Date.now() % 1e5).padStart(5, '0')}${String(++phoneSeq).padStart(3, '0')}`;
  const card = await joinMember(stack.db, tenant.id, customer.id, {
    phone,
    birthday: null,
    gender: 'undisclosed',
    consent: true,
    consentVersion: PRIVACY_NOTICE_VERSION,
  });
  const row = await stack.db.member.findUniqueOrThrow({ where: { id: card.memberId } });
  return { memberId: card.memberId, lineUserId, phone, memberCode: row.memberCode };
}

async function tagged(tenant: TestTenant, name: string, memberIds: string[]) {
  const tag = await stack.db.memberTag.create({ data: { tenantId: tenant.id, name, kind: 'manual' } });
  await stack.db.memberTagLink.createMany({
    data: memberIds.map((memberId) => ({ tenantId: tenant.id, tagId: tag.id, memberId })),
  });
  return tag.id;
}

async function coupon(name: string): Promise<string> {
  const created = await admin('POST', '/coupons', {
    name,
    rule: {
      value: { kind: 'amount', amount: 50 },
      scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
      minSpend: 300,
      stacks: false,
    },
    validDays: 14,
    startsAt: null,
    endsAt: null,
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

interface SentRecord {
  kind: string;
  recipients?: string[];
  retryKey?: string;
  messages: { type: string; altText?: string; contents?: unknown }[];
}
async function multicasts(): Promise<SentRecord[]> {
  const response = await fetch(`${stack.sandboxUrl}/_sandbox/channels/${shop.channelId}/sent`);
  return ((await response.json()) as SentRecord[]).filter((s) => s.kind === 'multicast');
}
const cardsTo = async (lineUserId: string) =>
  (await multicasts()).filter((s) => s.recipients?.includes(lineUserId)).flatMap((s) => s.messages);

async function finished(couponId: string, requestId: string) {
  return waitFor('the issue run to finish', async () => {
    const progress = await admin('GET', `/coupons/${couponId}/issues/${requestId}`);
    return progress.body.state === 'done' || progress.body.state === 'failed' ? progress.body : undefined;
  });
}

async function setQuota(monthlyQuota: number | undefined) {
  const channels = (await (await fetch(`${stack.sandboxUrl}/_sandbox/channels`)).json()) as {
    channelId: string;
    botUserId: string;
  }[];
  await sandboxPost(stack, '/_sandbox/channels', {
    channelId: shop.channelId,
    channelSecret: shop.channelSecret,
    channelAccessToken: shop.channelAccessToken,
    botUserId: channels.find((c) => c.channelId === shop.channelId)!.botUserId,
    webhookUrl: `${stack.apiUrl}/t/${shop.slug}/webhook`,
    ...(monthlyQuota !== undefined ? { monthlyQuota } : {}),
  });
}

async function usage(): Promise<number> {
  const response = await fetch(`${stack.sandboxUrl}/v2/bot/message/quota/consumption`, {
    headers: { authorization: `Bearer ${shop.channelAccessToken}` },
  });
  return ((await response.json()) as { totalUsage: number }).totalUsage;
}

describe('手動發券', () => {
  it('issues to a tag once and sends each reachable member one flex coupon card; the same request again sends nothing', async () => {
    const couponId = await coupon('回娘家 滿 300 折 50');
    const [amy, ben] = [await member(shop, '阿美'), await member(shop, '阿斌')];
    const blocked = await member(shop, '封鎖的人', { blocked: true });
    const noLine = await member(shop, '沒有 LINE', { line: false });
    const holder = await member(shop, '已經有券');
    const outside = await member(shop, '不在標籤');
    const tagId = await tagged(
      shop,
      '熟客',
      [amy, ben, blocked, noLine, holder].map((m) => m.memberId),
    );
    // The holder got it earlier (another request, without the card).
    const earlier = randomUUID();
    expect(
      (
        await admin('POST', `/coupons/${couponId}/issue`, {
          requestId: earlier,
          audience: { memberIds: [holder.memberId] },
          sendLine: false,
        })
      ).status,
    ).toBe(202);
    expect(await finished(couponId, earlier)).toMatchObject({ state: 'done', issued: 1, total: 0 });

    const preview = await admin('POST', `/coupons/${couponId}/issue/preview`, { audience: { tagId } });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      preview: {
        members: 5,
        holding: 1,
        toIssue: 4,
        reachable: 2,
        quotaLeft: null,
        overQuota: false,
        lineConnected: true,
      },
      unknown: { count: 0, lines: [] },
      lineProblem: null,
    });

    const requestId = randomUUID();
    const before = (await multicasts()).length;
    // A double tap: two requests at once, one run.
    const [first, second] = await Promise.all([
      admin('POST', `/coupons/${couponId}/issue`, { requestId, audience: { tagId } }),
      admin('POST', `/coupons/${couponId}/issue`, { requestId, audience: { tagId } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 202]);
    const done = await finished(couponId, requestId);
    expect(done).toMatchObject({
      state: 'done',
      members: 5,
      skipped: 1,
      issued: 4,
      sendLine: true,
      total: 2,
      sent: 2,
      failure: null,
    });

    const sent = (await multicasts()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.recipients!.sort()).toEqual([amy.lineUserId, ben.lineUserId].sort());
    // The retry key comes from the workflow and the batch's place: a retried attempt sends under the same key.
    expect(sent[0]!.retryKey).toBe(batchRetryKey(`${couponIssueWorkflowId(shop.id, couponId, requestId)}:0`, 0));
    const [card] = await cardsTo(amy.lineUserId);
    expect(card).toMatchObject({ type: 'flex', altText: expect.stringContaining('回娘家 滿 300 折 50') });
    const json = JSON.stringify(card!.contents);
    expect(json).toContain(`測試商店 ${shop.slug.slice(5)}`);
    expect(json).toContain('折 NT$50');
    expect(json).toContain('滿 NT$300 可用');
    expect(json).toContain('使用期限至');
    expect(json).toMatch(new RegExp(`"uri":"http[^"]+/shop/${shop.slug}/member"`));
    for (const nobody of [blocked, holder, outside]) expect(await cardsTo(nobody.lineUserId)).toEqual([]);
    expect(await stack.db.memberCoupon.count({ where: { tenantId: shop.id, couponId } })).toBe(5);
    await recordHistory(couponIssueWorkflowId(shop.id, couponId, requestId), 'coupon-issue-sent');

    // The same request again, after it finished: its progress, nothing issued or sent.
    const again = await admin('POST', `/coupons/${couponId}/issue`, { requestId, audience: { tagId } });
    expect(again).toMatchObject({ status: 200, body: { progress: { state: 'done', sent: 2 } } });
    await settle();
    expect((await multicasts()).length).toBe(before + 1);
    expect(await stack.db.memberCoupon.count({ where: { tenantId: shop.id, couponId } })).toBe(5);
    // A new request to the same tag: everyone holds it now, so nobody is issued or messaged.
    const nothingNew = await admin('POST', `/coupons/${couponId}/issue/preview`, { audience: { tagId } });
    expect(nothingNew.body.preview).toMatchObject({ members: 5, holding: 5, toIssue: 0, reachable: 0 });
  });

  it('refuses a send over the month’s LINE quota before issuing or sending anything, and may issue without LINE', async () => {
    const couponId = await coupon('限量 折 50');
    const people = [await member(shop, '甲'), await member(shop, '乙'), await member(shop, '丙')];
    const tagId = await tagged(
      shop,
      '額度測試',
      people.map((p) => p.memberId),
    );
    await setQuota((await usage()) + 2);
    try {
      const preview = await admin('POST', `/coupons/${couponId}/issue/preview`, { audience: { tagId } });
      expect(preview.body).toMatchObject({ preview: { reachable: 3, quotaLeft: 2, overQuota: true } });
      expect(preview.body.lineProblem).toContain('本月的 LINE 訊息額度只剩 2 則');

      const before = (await multicasts()).length;
      const refused = await admin('POST', `/coupons/${couponId}/issue`, {
        requestId: randomUUID(),
        audience: { tagId },
      });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'line_refused', message: expect.stringContaining('只剩 2 則') });
      expect(refused.body.message).toContain('只發券不傳訊息');
      expect(await stack.db.memberCoupon.count({ where: { tenantId: shop.id, couponId } })).toBe(0);
      expect(await stack.db.couponIssue.count({ where: { tenantId: shop.id, couponId } })).toBe(0);
      await settle();
      expect((await multicasts()).length).toBe(before);

      // 只發券: the coupons, no message.
      const quiet = randomUUID();
      const issued = await admin('POST', `/coupons/${couponId}/issue`, {
        requestId: quiet,
        audience: { tagId },
        sendLine: false,
      });
      expect(issued.status).toBe(202);
      expect(await finished(couponId, quiet)).toMatchObject({ state: 'done', issued: 3, total: 0, sent: 0 });
      expect((await multicasts()).length).toBe(before);
    } finally {
      await setQuota(undefined);
    }
  });

  it('sends a batch LINE already accepted (its answer lost) never again, retries LINE’s 500s, and stops on a refusal', async () => {
    const couponId = await coupon('重試測試');
    const people = [await member(shop, '重試甲'), await member(shop, '重試乙')];
    const tagId = await tagged(
      shop,
      '重試',
      people.map((p) => p.memberId),
    );
    const recipients = people.map((p) => p.lineUserId);
    const received = async () => (await multicasts()).filter((s) => s.recipients?.some((r) => recipients.includes(r)));

    // An earlier attempt of batch 0 reached LINE, and its answer was lost: LINE knows the key.
    const requestId = randomUUID();
    const key = batchRetryKey(`${couponIssueWorkflowId(shop.id, couponId, requestId)}:0`, 0);
    const earlier = await fetch(`${stack.sandboxUrl}/v2/bot/message/multicast`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${shop.channelAccessToken}`,
        'content-type': 'application/json',
        'x-line-retry-key': key,
      },
      body: JSON.stringify({ to: recipients, messages: [{ type: 'text', text: '先前那一次' }] }),
    });
    expect(earlier.status).toBe(200);
    await admin('POST', `/coupons/${couponId}/issue`, { requestId, audience: { tagId } });
    expect(await finished(couponId, requestId)).toMatchObject({ state: 'done', issued: 2, total: 2, sent: 2 });
    expect(await received()).toHaveLength(1);

    // LINE answers 500 once: the chunk again, delivered once.
    const faults = (body: unknown) => sandboxPost(stack, '/_sandbox/faults', body);
    const clear = () => fetch(`${stack.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    const second = await coupon('重試測試二');
    try {
      await faults({ path: '/v2/bot/message/multicast', mode: 'error500', count: 1 });
      const retried = randomUUID();
      await admin('POST', `/coupons/${second}/issue`, { requestId: retried, audience: { tagId } });
      expect(await finished(second, retried)).toMatchObject({ state: 'done', sent: 2 });
      expect(await received()).toHaveLength(2);

      // LINE refuses for good: the run says why; the coupons stay issued.
      const third = await coupon('重試測試三');
      await faults({ path: '/v2/bot/message/multicast', mode: 'error400', count: 1 });
      const refused = randomUUID();
      await admin('POST', `/coupons/${third}/issue`, { requestId: refused, audience: { tagId } });
      const failed = await finished(third, refused);
      expect(failed).toMatchObject({ state: 'failed', issued: 2, total: 2, sent: 0 });
      expect(failed.failure).toContain('LINE 拒絕了這則訊息');
      expect(await received()).toHaveLength(2);
    } finally {
      await clear();
    }
  });

  it('reports an uploaded list’s unknown lines and matches phones, member numbers and LINE user IDs of this shop only', async () => {
    const couponId = await coupon('名單禮');
    const [byPhone, byCode, byLine] = [
      await member(shop, '電話'),
      await member(shop, '會員編號'),
      await member(shop, 'LINE'),
    ];
    const stranger = await member(other, '別家的會員');
    const list = [
      '電話,姓名',
      `+886${byPhone.phone.slice(1)},電話`,
      `"${byCode.memberCode.toLowerCase()}"`,
      '',
      byLine.lineUserId,
      '0999-000-111',
      `${stranger.phone},別家`,
      stranger.lineUserId,
      'hello',
      byPhone.phone.slice(1), // the same member again, as a spreadsheet writes a mobile number
    ].join('\r\n');
    const preview = await admin('POST', `/coupons/${couponId}/issue/preview`, { audience: { list } });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      preview: { members: 3, holding: 0, toIssue: 3, reachable: 3 },
      unknown: {
        count: 5,
        lines: [
          { line: 1, text: '電話,姓名' },
          { line: 6, text: '0999-000-111' },
          { line: 7, text: `${stranger.phone},別家` },
          { line: 8, text: stranger.lineUserId },
          { line: 9, text: 'hello' },
        ],
      },
    });
    const requestId = randomUUID();
    const issued = await admin('POST', `/coupons/${couponId}/issue`, { requestId, audience: { list } });
    expect(issued).toMatchObject({ status: 202, body: { unknown: { count: 5 } } });
    expect(await finished(couponId, requestId)).toMatchObject({ state: 'done', issued: 3, total: 3, sent: 3 });
    expect(await cardsTo(stranger.lineUserId)).toEqual([]);
  });

  it('never lets another shop’s members, tags or coupons into the audience', async () => {
    const couponId = await coupon('只給本店');
    const mine = await member(shop, '本店會員');
    const theirs = await member(other, '他店會員');
    const theirTag = await tagged(other, '他店標籤', [theirs.memberId]);

    const mixed = await admin('POST', `/coupons/${couponId}/issue/preview`, {
      audience: { memberIds: [mine.memberId, theirs.memberId] },
    });
    expect(mixed.body).toMatchObject({ preview: { members: 1 }, unknown: { count: 1 } });
    expect(await admin('POST', `/coupons/${couponId}/issue/preview`, { audience: { tagId: theirTag } })).toMatchObject({
      status: 400,
      body: { code: 'unknown_tag' },
    });
    const onlyTheirs = await admin('POST', `/coupons/${couponId}/issue`, {
      requestId: randomUUID(),
      audience: { memberIds: [theirs.memberId] },
    });
    expect(onlyTheirs).toMatchObject({ status: 400, body: { code: 'empty_audience' } });

    const requestId = randomUUID();
    const issued = await admin('POST', `/coupons/${couponId}/issue`, {
      requestId,
      audience: { memberIds: [mine.memberId, theirs.memberId] },
    });
    expect(issued.status).toBe(202);
    expect(await finished(couponId, requestId)).toMatchObject({ state: 'done', members: 1, issued: 1, sent: 1 });
    expect(await stack.db.memberCoupon.count({ where: { memberId: theirs.memberId } })).toBe(0);
    expect(await cardsTo(theirs.lineUserId)).toEqual([]);

    // Another shop's coupon is not found here, nor this shop's run from there.
    const theirCoupon = await stack.db.coupon.create({
      data: {
        tenantId: other.id,
        name: '他店券',
        rule: {
          value: { kind: 'amount', amount: 10 },
          scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
          minSpend: 0,
          stacks: true,
        },
      },
    });
    expect(
      (
        await admin('POST', `/coupons/${theirCoupon.id}/issue`, {
          requestId: randomUUID(),
          audience: { everyone: true },
        })
      ).status,
    ).toBe(404);
    expect((await admin('GET', `/coupons/${theirCoupon.id}/issues/${requestId}`)).status).toBe(404);
  });
});
