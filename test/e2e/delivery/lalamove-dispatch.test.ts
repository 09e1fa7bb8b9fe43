import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryDispatchWorkflowId } from '../../../domain/workflow-ids.ts';
import { requestAs } from '../../support/auth.ts';
import {
  connectLalamove,
  lalamoveControl,
  lalamoveOrdersFor,
  placeDeliveryOrder,
  type LalamoveAccountOf,
  type SandboxLalamoveOrder,
} from '../../support/delivery.ts';
import { recordHistory } from '../../support/histories.ts';
import { textsTo } from '../../support/line-sandbox.ts';
import { openRestaurant, restaurantCustomer, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { settle, startStack, waitFor, type Stack } from '../../support/stack.ts';
import type { CustomerBrowser } from '../../support/storefront.ts';

/**
 * Riders for the shop's own delivery orders, over the real API, worker and Lalamove sandbox:
 * the order accepted starts its dispatch, which quotes and books once; the sandbox's driver
 * takes it (the customer is told who is coming in LINE), picks it up (the order is ready) and
 * delivers it (completed). A rider who gives the order up is replaced by a new booking; a
 * booking whose answer is lost is found through Lalamove's webhook, never booked twice. Forged
 * and redelivered webhooks change nothing. Lalamove's calls time out after 1.5 s here.
 */

let stack: Stack;
let shop: TestRestaurant;
let account: LalamoveAccountOf;
let customer: { lineUserId: string; browser: CustomerBrowser };

beforeAll(async () => {
  stack = await startStack({ lalamove: { timeoutMs: 1500, reconcileSeconds: 20 } });
  shop = await openRestaurant(stack, '2300016201', {
    methods: {
      deliveryEnabled: true,
      deliveryRadiusMetres: 5000,
      deliveryFee: 60,
      deliveryMinimumOrder: 0,
      deliveryLeadMinutes: 0,
    },
    handling: { autoAccept: true, pickupReminderMinutes: 0 },
  });
  account = await connectLalamove(stack, shop);
  customer = await restaurantCustomer(stack, shop);
}, 180_000);
afterAll(() => stack?.stop());

const bookingsOf = (orderId: string) =>
  stack.db.deliveryBooking.findMany({ where: { tenantId: shop.tenant.id, orderId }, orderBy: { attempt: 'asc' } });
const statusOf = async (orderId: string) => (await stack.db.order.findFirstOrThrow({ where: { id: orderId } })).status;
const move = (order: SandboxLalamoveOrder, to: string) =>
  lalamoveControl<{ eventIds: string[] }>(stack, 'POST', `/orders/${order.orderId}/move`, { to });
const storedEvents = () => stack.db.deliveryWebhookEvent.count({ where: { settingsId: account.settingsId } });

async function bookedFor(orderId: string, count = 1): Promise<SandboxLalamoveOrder> {
  const booked = await waitFor(
    `${count} booking(s)`,
    async () => {
      const found = await lalamoveOrdersFor(stack, account, orderId);
      return found.length >= count && found;
    },
    60_000,
  );
  return booked[count - 1]!;
}

/** The booking row once the dispatch recorded the partner's status (its webhook came in). */
const recorded = (orderId: string, attempt: number, status: string) =>
  waitFor(`booking ${attempt} ${status}`, async () => {
    const row = (await bookingsOf(orderId)).find((b) => b.attempt === attempt);
    // A rider's details come with DRIVER_ASSIGNED, which may be recorded after the status.
    return row?.status === status && (status !== 'ON_GOING' || row.driverName !== null) && row;
  });

describe('a delivery order', () => {
  it('gets a rider once accepted; the customer is told who is coming, and the rider moves the order', async () => {
    const order = await placeDeliveryOrder(stack, shop, customer.browser);
    const booked = await bookedFor(order.id);
    expect(booked).toMatchObject({
      status: 'ASSIGNING_DRIVER',
      metadata: { jiayiTenantId: shop.tenant.id, orderNumber: order.number },
    });
    expect(booked.metadata.bookingKey).toBe(`${deliveryDispatchWorkflowId(shop.tenant.id, order.id)}:1`);
    const first = await recorded(order.id, 1, 'ASSIGNING_DRIVER');
    expect(first).toMatchObject({ partnerOrderId: booked.orderId, fee: 80, partner: 'lalamove' });

    await move(booked, 'ON_GOING');
    const withRider = await recorded(order.id, 1, 'ON_GOING');
    const told = await waitFor('the customer told of the rider', async () =>
      (await textsTo(stack, shop.tenant, customer.lineUserId)).find((t) => t.includes('外送員：')),
    );
    expect(told).toContain(`外送員：${withRider.driverName}`);
    expect(told).toContain(`車牌：${withRider.driverPlate}`);
    expect(told).toContain(`電話：${withRider.driverPhone}`);
    expect(told).toContain(`即時追蹤：${booked.shareLink}`);

    const board = await requestAs(
      stack.apiUrl,
      shop.owner,
      'GET',
      `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/board`,
    );
    const card = (board.body.orders as { id: string; delivery: unknown }[]).find((o) => o.id === order.id);
    expect(card?.delivery).toMatchObject({
      stage: 'on_the_way',
      attempt: 1,
      rider: { name: withRider.driverName, plate: withRider.driverPlate },
      trackingLink: booked.shareLink,
    });

    const detail = await requestAs(
      stack.apiUrl,
      shop.owner,
      'GET',
      `/api/t/${shop.tenant.slug}/orders/${order.number}/detail`,
    );
    expect((detail.body.restaurant as { delivery: unknown }).delivery).toMatchObject({
      stage: 'on_the_way',
      rider: { phone: withRider.driverPhone },
    });

    await move(booked, 'PICKED_UP');
    await waitFor('ready when picked up', async () => (await statusOf(order.id)) === 'ready');
    await move(booked, 'COMPLETED');
    await waitFor('completed when delivered', async () => (await statusOf(order.id)) === 'completed');
    const workflowId = deliveryDispatchWorkflowId(shop.tenant.id, order.id);
    expect(await stack.temporal.workflow.getHandle(workflowId).result()).toEqual({ outcome: 'delivered', bookings: 1 });
    await recordHistory(workflowId, 'delivery-dispatch-delivered');
    await recordHistory(order.workflowId, 'restaurant-order-delivered-by-rider');
  });

  it('is booked again when the rider gives it up, and the new rider is told to the customer', async () => {
    const order = await placeDeliveryOrder(stack, shop, customer.browser);
    const first = await bookedFor(order.id);
    await move(first, 'ON_GOING');
    await recorded(order.id, 1, 'ON_GOING');
    await move(first, 'REJECTED');
    const second = await bookedFor(order.id, 2);
    expect(second.orderId).not.toBe(first.orderId);
    await recorded(order.id, 2, 'ASSIGNING_DRIVER');
    expect((await bookingsOf(order.id)).map((b) => [b.attempt, b.status])).toEqual([
      [1, 'REJECTED'],
      [2, 'ASSIGNING_DRIVER'],
    ]);
    const before = (await textsTo(stack, shop.tenant, customer.lineUserId)).filter((t) =>
      t.includes('外送員：'),
    ).length;
    await move(second, 'ON_GOING');
    const newRider = await recorded(order.id, 2, 'ON_GOING');
    await waitFor('the new rider told', async () => {
      const riders = (await textsTo(stack, shop.tenant, customer.lineUserId)).filter((t) => t.includes('外送員：'));
      return riders.length === before + 1 && riders.at(-1)!.includes(`車牌：${newRider.driverPlate}`);
    });
    await move(second, 'PICKED_UP');
    await move(second, 'COMPLETED');
    const workflowId = deliveryDispatchWorkflowId(shop.tenant.id, order.id);
    expect(await stack.temporal.workflow.getHandle(workflowId).result()).toEqual({ outcome: 'delivered', bookings: 2 });
    expect(await lalamoveOrdersFor(stack, account, order.id)).toHaveLength(2);
    await recordHistory(workflowId, 'delivery-dispatch-rebooked');
  });

  it('whose booking timed out after Lalamove took it is found through the webhook and booked exactly once', async () => {
    await lalamoveControl(stack, 'POST', '/faults', {
      method: 'POST',
      path: '/v3/orders',
      mode: 'timeout_after',
      count: 1,
    });
    try {
      const order = await placeDeliveryOrder(stack, shop, customer.browser);
      const booked = await bookedFor(order.id);
      // The answer was lost (1.5 s), then the booking was read back from Lalamove and kept.
      const row = await waitFor(
        'the lost booking reconciled',
        async () => {
          const [b] = await bookingsOf(order.id);
          return b?.partnerOrderId === booked.orderId && b.status === 'ASSIGNING_DRIVER' && b;
        },
        30_000,
      );
      expect(row.attempt).toBe(1);
      await move(booked, 'ON_GOING');
      await move(booked, 'PICKED_UP');
      await move(booked, 'COMPLETED');
      const workflowId = deliveryDispatchWorkflowId(shop.tenant.id, order.id);
      expect(await stack.temporal.workflow.getHandle(workflowId).result()).toEqual({
        outcome: 'delivered',
        bookings: 1,
      });
      expect(await lalamoveOrdersFor(stack, account, order.id)).toHaveLength(1);
      expect(await bookingsOf(order.id)).toHaveLength(1);
      await recordHistory(workflowId, 'delivery-dispatch-reconciled');
    } finally {
      await lalamoveControl(stack, 'DELETE', '/faults');
    }
  });

  it('whose lost booking is heard of only after it was booked again has that second rider cancelled', async () => {
    type Sent = { eventId: string; orderId: string; status: number | null };
    await lalamoveControl(stack, 'POST', '/faults', {
      method: 'POST',
      path: '/v3/orders',
      mode: 'timeout_after',
      count: 1,
    });
    // Lalamove cannot reach the shop's webhook for a while (nothing listens on port 9): the
    // first booking's news is lost.
    const unreachable = Object.assign(new URL(account.webhookUrl), { port: '9' }).href;
    await lalamoveControl(stack, 'POST', '/accounts', {
      apiKey: account.apiKey,
      apiSecret: account.apiSecret,
      webhookUrl: unreachable,
    });
    try {
      const order = await placeDeliveryOrder(stack, shop, customer.browser);
      const first = await bookedFor(order.id);
      const lost = await waitFor(
        'the first booking’s news undelivered',
        async () => {
          const sent = (await lalamoveControl<Sent[]>(stack, 'GET', '/webhooks')).filter(
            (w) => w.orderId === first.orderId,
          );
          return sent.length >= 5 && sent.every((w) => w.status === null) && sent[0]!;
        },
        30_000,
      );
      await lalamoveControl(stack, 'POST', '/accounts', {
        apiKey: account.apiKey,
        apiSecret: account.apiSecret,
        webhookUrl: account.webhookUrl,
      });
      // Past the 20 s wait for it, the order is booked again; then the first one's news arrives.
      const second = await bookedFor(order.id, 2);
      await recorded(order.id, 1, 'ASSIGNING_DRIVER');
      await lalamoveControl(stack, 'POST', `/events/${lost.eventId}/redeliver`);
      await waitFor(
        'the stray booking cancelled',
        async () =>
          (await lalamoveOrdersFor(stack, account, order.id)).find((o) => o.orderId === first.orderId)?.status ===
          'CANCELED',
      );
      const [kept] = await bookingsOf(order.id);
      expect(kept).toMatchObject({ attempt: 1, partnerOrderId: second.orderId });
      await move(second, 'ON_GOING');
      await move(second, 'PICKED_UP');
      await move(second, 'COMPLETED');
      const workflowId = deliveryDispatchWorkflowId(shop.tenant.id, order.id);
      expect(await stack.temporal.workflow.getHandle(workflowId).result()).toEqual({
        outcome: 'delivered',
        bookings: 1,
      });
      expect((await lalamoveOrdersFor(stack, account, order.id)).map((o) => o.status)).toEqual([
        'CANCELED',
        'COMPLETED',
      ]);
      await recordHistory(workflowId, 'delivery-dispatch-stray-cancelled');
    } finally {
      await lalamoveControl(stack, 'DELETE', '/faults');
      await lalamoveControl(stack, 'POST', '/accounts', {
        apiKey: account.apiKey,
        apiSecret: account.apiSecret,
        webhookUrl: account.webhookUrl,
      });
    }
  }, 90_000);

  it('waits out Lalamove’s 429 and 500 answers, re-quotes an expired quotation, and still books exactly once', async () => {
    await lalamoveControl(stack, 'POST', '/faults', { method: 'POST', path: '/v3/quotations', mode: '500', count: 1 });
    await lalamoveControl(stack, 'POST', '/faults', { method: 'POST', path: '/v3/orders', mode: '429', count: 2 });
    // Then the quotation has expired by the time it is booked: a fresh one is asked for.
    await lalamoveControl(stack, 'POST', '/faults', { method: 'POST', path: '/v3/orders', mode: 'expired', count: 1 });
    try {
      const order = await placeDeliveryOrder(stack, shop, customer.browser);
      await bookedFor(order.id);
      await recorded(order.id, 1, 'ASSIGNING_DRIVER');
      await settle();
      expect(await lalamoveOrdersFor(stack, account, order.id)).toHaveLength(1);
      expect(await bookingsOf(order.id)).toHaveLength(1);
      // The partner's last refusal is on the branch's connection for the shop to see.
      const settings = await stack.db.deliverySettings.findFirstOrThrow({ where: { id: account.settingsId } });
      expect(settings.lastError).toMatch(/ERR_QUOTATION_EXPIRED/);
    } finally {
      await lalamoveControl(stack, 'DELETE', '/faults');
    }
  }, 60_000);

  it('cancelled by the shop while a rider is sought cancels the booking', async () => {
    const order = await placeDeliveryOrder(stack, shop, customer.browser);
    const booked = await bookedFor(order.id);
    await recorded(order.id, 1, 'ASSIGNING_DRIVER');
    const cancel = await requestAs(
      stack.apiUrl,
      shop.owner,
      'POST',
      `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/board/${order.id}/cancel`,
      {
        reason: '食材用完了',
      },
    );
    expect(cancel.status).toBe(200);
    await waitFor(
      'cancelled at Lalamove',
      async () => (await lalamoveOrdersFor(stack, account, order.id))[0]?.status === 'CANCELED',
    );
    const workflowId = deliveryDispatchWorkflowId(shop.tenant.id, order.id);
    expect(await stack.temporal.workflow.getHandle(workflowId).result()).toEqual({ outcome: 'cancelled', bookings: 1 });
    expect(booked.status).toBe('ASSIGNING_DRIVER');
  });
});

describe('Lalamove webhooks', () => {
  const signed = (secret: string, data: unknown, extra: Record<string, unknown> = {}) => {
    const timestamp = Math.floor(Date.now() / 1000);
    const path = new URL(account.webhookUrl).pathname;
    const signature = createHmac('sha256', secret)
      .update(`${timestamp}\r\nPOST\r\n${path}\r\n\r\n${JSON.stringify(data)}`)
      .digest('hex');
    return JSON.stringify({
      apiKey: account.apiKey,
      timestamp,
      signature,
      eventId: `forged-${timestamp}`,
      eventType: 'ORDER_STATUS_CHANGED',
      eventVersion: 'v3',
      data,
      ...extra,
    });
  };
  const post = (body: string) =>
    fetch(account.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('a forged signature is refused with 401 and nothing is stored', async () => {
    const before = await storedEvents();
    const data = {
      order: { orderId: '1234567890123456789', status: 'COMPLETED' },
      updatedAt: new Date().toISOString(),
    };
    expect((await post(signed('not-the-secret', data))).status).toBe(401);
    // Signed over other data than it carries.
    const tampered = JSON.parse(signed(account.apiSecret, data)) as Record<string, unknown>;
    expect(
      (await post(JSON.stringify({ ...tampered, data: { ...data, order: { ...data.order, status: 'CANCELED' } } })))
        .status,
    ).toBe(401);
    expect((await post(signed(account.apiSecret, data, { apiKey: 'pk_test_someone_else' }))).status).toBe(401);
    expect((await post('{"not":"lalamove"}')).status).toBe(401);
    expect(await storedEvents()).toBe(before);
    // Lalamove's first call to a new URL has no body: answered 200, nothing kept.
    expect((await fetch(account.webhookUrl, { method: 'POST' })).status).toBe(200);
    expect(await storedEvents()).toBe(before);
  });

  it('a redelivered event is stored once and tells the customer nothing again', async () => {
    const told = () =>
      textsTo(stack, shop.tenant, customer.lineUserId).then((t) => t.filter((x) => x.includes('外送員：')).length);
    const earlier = await told();
    const order = await placeDeliveryOrder(stack, shop, customer.browser);
    const booked = await bookedFor(order.id);
    const { eventIds } = await move(booked, 'ON_GOING');
    await recorded(order.id, 1, 'ON_GOING');
    const riders = await waitFor('rider told', async () => (await told()) === earlier + 1 && earlier + 1);
    const before = await storedEvents();
    for (const eventId of eventIds) {
      const again = await lalamoveControl<{ status: number }>(stack, 'POST', `/events/${eventId}/redeliver`);
      expect(again.status).toBe(200);
    }
    await settle();
    expect(await storedEvents()).toBe(before);
    expect(await told()).toBe(riders);
    expect(await lalamoveOrdersFor(stack, account, order.id)).toHaveLength(1);
  });
});

describe('外送物流設定', () => {
  it('is the shop’s own: another shop cannot read it, bad input is a 400, and the secret never comes back', async () => {
    const other = await openRestaurant(stack, '2300016202');
    const path = `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/delivery-settings`;
    expect([403, 404]).toContain((await requestAs(stack.apiUrl, other.owner, 'GET', path)).status);
    const otherBranch = await requestAs(
      stack.apiUrl,
      other.owner,
      'GET',
      `/api/t/${other.tenant.slug}/branches/${shop.branchId}/delivery-settings`,
    );
    expect(otherBranch.status).toBe(404);
    const bad = await requestAs(stack.apiUrl, shop.owner, 'PUT', path, {
      partner: 'uber',
      apiKey: '',
      serviceType: 'BICYCLE',
      feePaidBy: 'nobody',
      bookWhen: 'later',
      bookMinutesBefore: 2,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object)).toEqual(
      expect.arrayContaining(['partner', 'apiKey', 'serviceType', 'feePaidBy', 'bookWhen', 'bookMinutesBefore']),
    );
    const firstTime = await requestAs(
      stack.apiUrl,
      other.owner,
      'PUT',
      `/api/t/${other.tenant.slug}/branches/${other.branchId}/delivery-settings`,
      {
        partner: 'lalamove',
        apiKey: 'pk_test_x',
        serviceType: 'MOTORCYCLE',
        feePaidBy: 'shop',
        bookWhen: 'before_slot',
        bookMinutesBefore: 30,
      },
    );
    expect(firstTime).toMatchObject({ status: 400, body: { fields: { apiSecret: '第一次設定請輸入 API Secret' } } });
    const read = await requestAs(stack.apiUrl, shop.owner, 'GET', path);
    expect(read.body).toMatchObject({
      settings: { apiKey: account.apiKey, serviceType: 'MOTORCYCLE', bookWhen: 'on_accept' },
    });
    expect(JSON.stringify(read.body)).not.toContain(account.apiSecret);
    const row = await stack.db.deliverySettings.findFirstOrThrow({ where: { id: account.settingsId } });
    expect(row.apiSecretSealed).not.toContain(account.apiSecret);
    const audit = await stack.db.auditLog.findFirst({
      where: { tenantId: shop.tenant.id, action: 'branch.delivery_settings' },
    });
    expect(audit?.data).toMatchObject({ apiKey: account.apiKey, secretChanged: true });
  });

  it('sets the branch’s webhook URL at Lalamove on save, and says so when Lalamove refuses the key', async () => {
    const registered = await lalamoveControl<{ webhookUrl: string | null }>(
      stack,
      'GET',
      `/accounts/${account.apiKey}`,
    );
    expect(registered.webhookUrl).toBe(account.webhookUrl);
    const other = await openRestaurant(stack, '2300016203');
    const path = `/api/t/${other.tenant.slug}/branches/${other.branchId}/delivery-settings`;
    const unknownKey = await requestAs(stack.apiUrl, other.owner, 'PUT', path, {
      partner: 'lalamove',
      apiKey: 'pk_test_unknown',
      apiSecret: 'sk_test_unknown',
      serviceType: 'MOTORCYCLE',
      feePaidBy: 'customer',
      bookWhen: 'on_accept',
      bookMinutesBefore: 30,
    });
    expect(unknownKey).toMatchObject({ status: 200, body: { webhookRegistered: false } });
    expect((unknownKey.body as { settings: { health: { lastError: string } } }).settings.health.lastError).toMatch(
      /^通知網址沒有設定成功：Lalamove answered 401/,
    );
    // Who pays the rider shows at checkout: the branch whose rider collects the fee says so.
    const branchesOf = async (slug: string) =>
      (
        (await (await fetch(`${stack.apiUrl}/api/shop/${slug}/branches`)).json()) as {
          branches: { riderCollectsFee: boolean }[];
        }
      ).branches;
    expect((await branchesOf(other.tenant.slug)).map((b) => b.riderCollectsFee)).toEqual([true]);
    expect((await branchesOf(shop.tenant.slug)).map((b) => b.riderCollectsFee)).toEqual([false]);
  });
});
