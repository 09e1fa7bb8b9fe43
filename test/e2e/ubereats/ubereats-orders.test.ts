import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setItemStock } from '../../../db/restaurant/item-stock.ts';
import { ubereatsOrderSource, ubereatsStoreSyncWorkflowId } from '../../../domain/workflow-ids.ts';
import { requestAs } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { addPrinter, randomMac } from '../../support/printing.ts';
import { boardAction, openRestaurant, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { settle, startStack, waitFor, type Stack } from '../../support/stack.ts';
import {
  connectUberStore,
  placeUberOrder,
  uberControl,
  uberOrderAt,
  type UberStoreOf,
} from '../../support/ubereats.ts';

/**
 * Uber Eats orders over the real API, worker and Uber Eats sandbox: the signed webhook stored
 * once and dispatched to the order's workflow, which places the order on the branch (stock and
 * slot in one transaction) and accepts it on Uber, or denies it naming what is sold out, or
 * denies it before Uber's own deadline when nobody accepted. Forged events store nothing.
 */

let stack: Stack;
let auto: TestRestaurant;
let manual: TestRestaurant;
let autoStore: UberStoreOf;
let manualStore: UberStoreOf;

beforeAll(async () => {
  stack = await startStack({ ubereats: { denyAfterSeconds: 4 } });
  // Uber's own cancel comes later than Jiayi's deny (11.5 minutes against 10, shortened alike).
  await uberControl(stack, 'PUT', '/settings', { acceptWindowMs: 8_000 });
  auto = await openRestaurant(stack, '2300016001');
  manual = await openRestaurant(stack, '2300016002');
  autoStore = await connectUberStore(stack, auto, true);
  manualStore = await connectUberStore(stack, manual, false);
}, 120_000);
afterAll(() => stack?.stop());

const orderOf = (shop: TestRestaurant, uberOrderId: string) =>
  stack.db.order.findFirst({
    where: { tenantId: shop.tenant.id, sourceEventId: ubereatsOrderSource(uberOrderId) },
    include: { items: true },
  });

const storedEvents = (store: UberStoreOf) =>
  stack.db.uberEatsWebhookEvent.count({ where: { connectionId: store.connectionId } });

describe('an Uber Eats order', () => {
  it('is placed on the branch and accepted on Uber when the branch accepts automatically', async () => {
    const { order } = await placeUberOrder(stack, auto, autoStore, 2);
    // The file's first order also waits for the worker's first workflow task.
    const accepted = await waitFor(
      'Uber order accepted',
      async () => {
        const at = await uberOrderAt(stack, order.id);
        return at.current_state === 'ACCEPTED' && at;
      },
      60_000,
    );
    expect(accepted.current_state).toBe('ACCEPTED');
    const ours = await waitFor('order accepted in Jiayi', async () => {
      const row = await orderOf(auto, order.id);
      return row?.status === 'accepted' && row;
    });
    expect(ours.total).toBe(60 + 45 * 2);
    expect(ours.items.map((i) => [i.productName, i.allocatedQuantity])).toEqual(
      expect.arrayContaining([
        ['珍珠奶茶', 1],
        ['滷肉飯', 2],
      ]),
    );
    expect(ours.customerNote).toMatch(/^Uber Eats #/);
    // The token was asked for once and kept (sealed), not once per call.
    const connection = await requestAs(
      stack.apiUrl,
      auto.owner,
      'GET',
      `/api/t/${auto.tenant.slug}/branches/${auto.branchId}/ubereats`,
    );
    const health = (connection.body.connection as { health: Record<string, unknown> }).health;
    expect(health).toMatchObject({ token: 'valid', tokenRequests: 1, lastError: null });
    expect(health.lastEventAt).not.toBeNull();
    const row = await stack.db.uberEatsConnection.findFirstOrThrow({ where: { id: autoStore.connectionId } });
    expect(row.clientSecretSealed).not.toContain(autoStore.clientSecret);
    expect(row.tokenSealed).not.toBeNull();
    await recordHistory(ours.workflowId, 'ubereats-order-auto-accepted');
  });

  it('is denied on Uber naming the item that is sold out, and nothing is placed', async () => {
    await setItemStock(stack.db, auto.tenant.id, auto.branchId, auto.rice, { quantity: 0, dailyQuantity: null });
    try {
      const { order } = await placeUberOrder(stack, auto, autoStore, 1);
      const denied = await waitFor('Uber order denied', async () => {
        const at = await uberOrderAt(stack, order.id);
        return at.current_state === 'DENIED' && at;
      });
      const riceLine = order.cart.items.find((i) => i.external_data === auto.rice)!;
      expect(denied.deny).toEqual({
        code: 'ITEM_AVAILABILITY',
        explanation: '滷肉飯 已售完',
        out_of_stock_items: [riceLine.id],
      });
      expect(await orderOf(auto, order.id)).toBeNull();
    } finally {
      await setItemStock(stack.db, auto.tenant.id, auto.branchId, auto.rice, { quantity: -1, dailyQuantity: null });
    }
  });

  it('with an item the menu does not have is denied naming it, and the connection shows the problem', async () => {
    const { order } = await uberControl<{ order: { id: string } }>(stack, 'POST', '/orders', {
      storeId: autoStore.storeId,
      items: [{ external_data: 'not-ours', title: '神秘套餐', price: 99 }],
    });
    const denied = await waitFor('Uber order denied', async () => {
      const at = await uberOrderAt(stack, order.id);
      return at.current_state === 'DENIED' && at;
    });
    expect(denied.deny).toMatchObject({ code: 'MISSING_ITEM', explanation: '菜單上找不到：神秘套餐' });
    const row = await stack.db.uberEatsConnection.findFirstOrThrow({ where: { id: autoStore.connectionId } });
    expect(row.lastError).toContain('神秘套餐');
  });

  it('nobody accepts is denied before Uber would cancel it, and rejected here with the reason', async () => {
    const { order } = await placeUberOrder(stack, manual, manualStore, 1);
    const pending = await waitFor('order on the board', async () => {
      const row = await orderOf(manual, order.id);
      return row?.status === 'pending' && row;
    });
    const board = await requestAs(
      stack.apiUrl,
      manual.owner,
      'GET',
      `/api/t/${manual.tenant.slug}/branches/${manual.branchId}/board`,
    );
    const card = (board.body.orders as { id: string; channel: string }[]).find((o) => o.id === pending.id);
    expect(card?.channel).toBe('ubereats');
    const denied = await waitFor(
      'Uber order denied',
      async () => {
        const at = await uberOrderAt(stack, order.id);
        return at.current_state !== 'CREATED' && at;
      },
      30_000,
    );
    expect(denied.current_state).toBe('DENIED');
    expect(denied.deny).toMatchObject({ code: 'CAPACITY' });
    const row = await waitFor('order rejected in Jiayi', async () => {
      const r = await orderOf(manual, order.id);
      return r?.status === 'rejected' && r;
    });
    expect(row.rejectReason).toBe('店家目前忙碌，無法及時接單');
    await recordHistory(row.workflowId, 'ubereats-order-denied-in-time');
  });

  it('accepted by the staff on the board is accepted on Uber, and Uber cancelling it cancels it here', async () => {
    const { order } = await placeUberOrder(stack, manual, manualStore, 0);
    const pending = await waitFor('order pending', async () => {
      const row = await orderOf(manual, order.id);
      return row?.status === 'pending' && row;
    });
    const accept = await requestAs(
      stack.apiUrl,
      manual.owner,
      'POST',
      `/api/t/${manual.tenant.slug}/branches/${manual.branchId}/board/${pending.id}/accept`,
      {},
    );
    expect(accept.status).toBe(200);
    expect((await uberOrderAt(stack, order.id)).current_state).toBe('ACCEPTED');
    await uberControl(stack, 'POST', `/orders/${order.id}/cancel`, { reason: 'EATER_CANCELLED' });
    const cancelled = await waitFor('order cancelled in Jiayi', async () => {
      const row = await orderOf(manual, order.id);
      return row?.status === 'cancelled' && row;
    });
    expect(cancelled.cancelReason).toBe('Uber Eats 取消了訂單');
  });
});

describe('Uber Eats webhooks', () => {
  it('a redelivered event is stored once and places one order', async () => {
    const { order, eventId } = await placeUberOrder(stack, auto, autoStore, 0);
    await waitFor('accepted', async () => (await uberOrderAt(stack, order.id)).current_state === 'ACCEPTED');
    const before = await storedEvents(autoStore);
    const again = await uberControl<{ status: number }>(stack, 'POST', `/events/${eventId}/redeliver`);
    expect(again.status).toBe(200);
    await settle();
    expect(await storedEvents(autoStore)).toBe(before);
    expect(
      await stack.db.order.count({ where: { tenantId: auto.tenant.id, sourceEventId: ubereatsOrderSource(order.id) } }),
    ).toBe(1);
  });

  it('a cancel that arrives before its order places nothing', async () => {
    const body = (eventId: string, type: string, id: string) =>
      JSON.stringify({
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        event_type: type,
        meta: { resource_id: id, status: 'pos', user_id: autoStore.storeId },
        resource_href: `${stack.ubereatsUrl}/v1/eats/order/${id}`,
      });
    // The eater's order, cancelled by Uber; Jiayi hears the cancel first, then the order.
    const { order } = await uberControl<{ order: { id: string } }>(stack, 'POST', '/orders', {
      storeId: autoStore.storeId,
      items: [{ external_data: auto.rice, title: '滷肉飯', price: 45 }],
      deliver: false,
    });
    await uberControl(stack, 'POST', `/orders/${order.id}/cancel`, {});
    const send = (raw: string) =>
      fetch(autoStore.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-uber-signature': createHmac('sha256', autoStore.clientSecret).update(raw).digest('hex'),
        },
        body: raw,
      });
    expect((await send(body(`late-${order.id}`, 'orders.notification', order.id))).status).toBe(200);
    await settle();
    const workflowId = `ubereats-order:${auto.tenant.id}:${order.id}`;
    const result = await stack.temporal.workflow.getHandle(workflowId).result();
    expect(result).toMatchObject({ status: 'cancelled' });
    expect(await orderOf(auto, order.id)).toBeNull();
  });

  it('a forged signature is refused with 401 and nothing is stored', async () => {
    const before = await storedEvents(autoStore);
    const raw = JSON.stringify({ event_id: 'forged-1', event_type: 'orders.notification', meta: { resource_id: 'x' } });
    const forged = await fetch(autoStore.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-uber-signature': createHmac('sha256', 'not-the-secret').update(raw).digest('hex'),
      },
      body: raw,
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(autoStore.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw,
    });
    expect(unsigned.status).toBe(401);
    expect(await storedEvents(autoStore)).toBe(before);
    expect(await stack.db.uberEatsWebhookEvent.count({ where: { eventId: 'forged-1' } })).toBe(0);
  });
});

describe('an accepted Uber Eats order in the kitchen', () => {
  it('tells Uber’s courier the food is ready when the staff mark it 出餐, and completes once the courier has it', async () => {
    const { order } = await placeUberOrder(stack, auto, autoStore, 1);
    const ours = await waitFor('order accepted in Jiayi', async () => {
      const row = await orderOf(auto, order.id);
      return row?.status === 'accepted' && row;
    });
    expect((await uberOrderAt(stack, order.id)).preparation_status).toBeUndefined();
    for (const action of ['start', 'ready']) expect((await boardAction(stack, auto, ours.id, action)).status).toBe(200);
    expect((await uberOrderAt(stack, order.id)).preparation_status).toBe('READY_TO_HANDOFF');
    expect((await orderOf(auto, order.id))?.status).toBe('ready');
    // Uber's courier takes it (Uber sends no event): read back from Uber, the order completes here.
    await uberControl(stack, 'POST', `/orders/${order.id}/pickup`);
    await waitFor('completed once the courier has it', async () => (await orderOf(auto, order.id))?.status === 'completed');
    expect((await stack.temporal.workflow.getHandle(ours.workflowId).result()).status).toBe('completed');
    await recordHistory(ours.workflowId, 'ubereats-order-ready');
  });
});

describe('an Uber Eats order at a shop with a printer', () => {
  it('is queued on the counter’s printer like the shop’s own orders', async () => {
    const printerId = await addPrinter(stack, manual, { name: '櫃檯出單機', kind: 'receipt_58', mac: randomMac(), location: '櫃檯' });
    const { order } = await placeUberOrder(stack, manual, manualStore, 1);
    const ours = await waitFor('the order placed', async () => (await orderOf(manual, order.id)) ?? undefined);
    const jobs = await waitFor('the receipt queued', async () => {
      const rows = await stack.db.printJob.findMany({ where: { tenantId: manual.tenant.id, orderId: ours.id, printerId } });
      return rows.length > 0 && rows;
    });
    expect(jobs.map((j) => (j.document as { type: string; lines: { name: string }[] }).lines.map((l) => l.name))).toEqual([
      ['珍珠奶茶', '滷肉飯'],
    ]);
    await stack.db.printer.delete({ where: { id: printerId } }).catch(() => undefined);
  });
});

describe('a scheduled Uber Eats order', () => {
  it('is placed on the slot of the time the eater chose, counted there, and cooked from that slot less the lead time', async () => {
    // Three hours ahead, but never in the test shop's last hour (it closes at 23:59, and no slot
    // starts in its last ten minutes): an hour later is the next morning's first slots.
    const inThreeHours = Date.now() + 3 * 60 * 60_000;
    const taipeiHour = (new Date(inThreeHours).getUTCHours() + 8) % 24;
    const readyAt = new Date(inThreeHours + (taipeiHour === 23 ? 60 * 60_000 : 0));
    const { order } = await placeUberOrder(stack, auto, autoStore, 0, {
      scheduled: true,
      readyAt: readyAt.toISOString(),
    });
    const ours = await waitFor('the scheduled order placed', async () => (await orderOf(auto, order.id)) ?? undefined);
    expect(ours.wantedAt!.getTime()).toBeLessThanOrEqual(readyAt.getTime());
    expect(readyAt.getTime() - ours.wantedAt!.getTime()).toBeLessThan(60 * 60_000);
    // Not cooked now: from its own slot (less the branch's pickup lead time).
    expect(ours.prepareAt!.getTime()).toBeLessThanOrEqual(ours.wantedAt!.getTime());
    expect(ours.prepareAt!.getTime()).toBeGreaterThan(Date.now() + 2 * 60 * 60_000);
    const slot = await stack.db.slotOrderCount.findUnique({
      where: { branchId_slotStart: { branchId: auto.branchId, slotStart: ours.wantedAt! } },
    });
    expect(slot?.orders).toBe(1);
    await waitFor('accepted on Uber', async () => (await uberOrderAt(stack, order.id)).current_state === 'ACCEPTED');
  });
});

describe('the connection', () => {
  it('is the shop’s own: another shop cannot read or change it, and bad input is a 400', async () => {
    const path = `/api/t/${auto.tenant.slug}/branches/${auto.branchId}/ubereats`;
    const foreign = await requestAs(stack.apiUrl, manual.owner, 'GET', path);
    expect([403, 404]).toContain(foreign.status);
    const otherBranch = await requestAs(
      stack.apiUrl,
      manual.owner,
      'GET',
      `/api/t/${manual.tenant.slug}/branches/${auto.branchId}/ubereats`,
    );
    expect(otherBranch.status).toBe(404);
    const bad = await requestAs(stack.apiUrl, auto.owner, 'PUT', path, {
      storeId: '',
      clientId: 'x y',
      autoAccept: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object)).toEqual(
      expect.arrayContaining(['storeId', 'clientId', 'autoAccept']),
    );
    const taken = await requestAs(
      stack.apiUrl,
      manual.owner,
      'PUT',
      `/api/t/${manual.tenant.slug}/branches/${manual.branchId}/ubereats`,
      {
        storeId: autoStore.storeId,
        clientId: manualStore.clientId,
        autoAccept: false,
      },
    );
    expect(taken.status).toBe(409);
    const read = await requestAs(stack.apiUrl, auto.owner, 'GET', path);
    expect(JSON.stringify(read.body)).not.toContain(autoStore.clientSecret);
  });

  it('keeps the Uber Eats store paused while the branch’s 線上點餐 is off, and open again after', async () => {
    const ordering = (status: string) =>
      requestAs(
        stack.apiUrl,
        manual.owner,
        'PUT',
        `/api/t/${manual.tenant.slug}/branches/${manual.branchId}/ordering`,
        { status },
      );
    const storeStatus = async () =>
      (
        await uberControl<{ status: { status: string; reason: string | null } }>(
          stack,
          'GET',
          `/stores/${manualStore.storeId}`,
        )
      ).status;
    expect((await ordering('paused')).status).toBe(200);
    expect(
      await waitFor('the store paused at Uber', async () => {
        const status = await storeStatus();
        return status.status === 'PAUSED' && status;
      }),
    ).toEqual({ status: 'PAUSED', paused_until: null, reason: '店家暫停線上點餐' });
    // Quick taps end where the shop ended: open.
    expect((await ordering('accepting')).status).toBe(200);
    expect((await ordering('paused')).status).toBe(200);
    expect((await ordering('accepting')).status).toBe(200);
    const workflowId = ubereatsStoreSyncWorkflowId(manual.tenant.id, manual.branchId);
    await waitFor(
      'the last push done',
      async () => (await stack.temporal.workflow.getHandle(workflowId).describe()).status.name === 'COMPLETED',
    );
    expect((await storeStatus()).status).toBe('ONLINE');
    await recordHistory(workflowId, 'ubereats-store-sync');
  });

  it('pushes the branch’s menu to Uber Eats, and an order of a pushed item maps onto it', async () => {
    const sync = await requestAs(
      stack.apiUrl,
      auto.owner,
      'POST',
      `/api/t/${auto.tenant.slug}/branches/${auto.branchId}/ubereats/menu-sync`,
      {},
    );
    expect(sync).toMatchObject({ status: 202, body: { queued: true } });
    type Entity = { id: string; external_data?: string; title: { translations: { zh_tw: string } } };
    type Pushed = {
      menus: { service_availability: unknown[] }[];
      items: (Entity & { price_info: { price: number }; modifier_group_ids?: { ids: string[] } })[];
      modifier_groups: (Entity & { modifier_options: { id: string }[] })[];
    };
    const menu = await waitFor(
      'the menu at Uber',
      async () =>
        (await uberControl<{ menu: Pushed | null }>(stack, 'GET', `/stores/${autoStore.storeId}`)).menu ?? undefined,
    );
    const named = (list: Entity[], name: string) => list.find((e) => e.title.translations.zh_tw === name)!;
    const tea = named(menu.items, '珍珠奶茶') as Pushed['items'][number];
    expect(tea).toMatchObject({ external_data: auto.tea.id, price_info: { price: 6000 } });
    const sweetness = menu.modifier_groups.find(
      (g) => tea.modifier_group_ids!.ids.includes(g.id) && g.external_data === auto.tea.sweetness,
    )!;
    const half = menu.items.find(
      (i) => sweetness.modifier_options.some((o) => o.id === i.id) && i.title.translations.zh_tw === '半糖',
    )!;
    expect(half.external_data).toBe(auto.tea.half);
    expect(menu.menus[0]!.service_availability).toHaveLength(7);
    // An eater orders from what Uber shows: Jiayi reads it back onto its own item and option.
    const { order } = await uberControl<{ order: { id: string } }>(stack, 'POST', '/orders', {
      storeId: autoStore.storeId,
      items: [
        {
          external_data: tea.external_data,
          title: '珍珠奶茶',
          price: 60,
          options: [{ group: sweetness.external_data, choice: half.external_data, title: '半糖' }],
        },
      ],
    });
    const placed = await waitFor('the pushed item ordered', async () => (await orderOf(auto, order.id)) ?? undefined);
    expect(placed.items.map((i) => i.productId)).toEqual([auto.tea.id]);
    // 暫停銷售 in Jiayi: the item is suspended on Uber Eats too.
    const paused = await requestAs(
      stack.apiUrl,
      auto.owner,
      'POST',
      `/api/t/${auto.tenant.slug}/branches/${auto.branchId}/items/${auto.tea.id}/pause`,
      {
        until: 'today',
      },
    );
    expect(paused.status).toBe(200);
    await waitFor('the item suspended at Uber', async () => {
      const again = (
        await uberControl<{ menu: { items: (Entity & { suspension_info?: unknown })[] } }>(
          stack,
          'GET',
          `/stores/${autoStore.storeId}`,
        )
      ).menu;
      return again.items.find((i) => i.external_data === auto.tea.id)?.suspension_info !== undefined;
    });
    // Uber asks for the menu again: it is pushed again.
    await stack.db.product.update({ where: { id: auto.tea.id }, data: { name: '黑糖珍珠奶茶' } });
    await uberControl(stack, 'POST', `/stores/${autoStore.storeId}/menu-refresh`);
    await waitFor('the renamed item at Uber', async () => {
      const again = (await uberControl<{ menu: Pushed }>(stack, 'GET', `/stores/${autoStore.storeId}`)).menu;
      return again.items.some((i) => i.title.translations.zh_tw === '黑糖珍珠奶茶');
    });
    const other = await requestAs(
      stack.apiUrl,
      manual.owner,
      'POST',
      `/api/t/${auto.tenant.slug}/branches/${auto.branchId}/ubereats/menu-sync`,
      {},
    );
    expect([403, 404]).toContain(other.status);
  });
});
