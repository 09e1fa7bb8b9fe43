import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { startRestaurantOrder } from '../api/storefront/start-restaurant-order.ts';
import type { Db } from '../db/client.ts';
import { getBusinessHours } from '../db/restaurant/business-hours.ts';
import { getPickupMethods } from '../db/restaurant/pickup-methods.ts';
import { placeRestaurantOrder } from '../db/restaurant/place-restaurant-order.ts';
import { loadMenu } from '../db/catalog/menu.ts';
import { orderSlots } from '../domain/restaurant/business-hours.ts';
import type { RestaurantAction } from '../domain/restaurant/restaurant-order-status.ts';
import { restaurantActionUpdate } from '../workflows/restaurant/restaurant-order-updates.ts';
import { DEMO_RESTAURANT } from './seed-demo.ts';

/** The demo restaurant's customers and how far each order has gone on the board. */
export const DEMO_RESTAURANT_ORDERS: {
  customer: string;
  phone: string;
  steps: RestaurantAction[];
  slot: number;
  note?: string;
}[] = [
  { customer: '陳先生', phone: '0912000111', steps: [], slot: 0, note: '請幫我分開裝' },
  { customer: '王小姐', phone: '0912000222', steps: ['accept'], slot: 1 },
  { customer: '林太太', phone: '0912000333', steps: ['accept', 'start'], slot: 0 },
  { customer: '張同學', phone: '0912000444', steps: ['accept', 'start', 'ready'], slot: 0 },
  { customer: '李先生', phone: '0912000555', steps: ['accept', 'start', 'ready', 'complete'], slot: 0 },
];

/**
 * Gives the demo restaurant's 信義店 a live board once (none while it has restaurant orders):
 * orders of its first slots, placed as customers place them and moved by their workflows as the
 * kitchen would (待接單, 已接單, 製作中, 可取餐, 已完成). Needs the worker running.
 */
export async function seedDemoRestaurantOrders(db: Db, temporal: Client, taskQueue: string): Promise<number> {
  const tenant = await db.tenant.findUnique({ where: { slug: DEMO_RESTAURANT.slug }, select: { id: true } });
  if (!tenant) return 0;
  if (await db.order.count({ where: { tenantId: tenant.id, pickupMethod: { not: null } } })) return 0;
  const branch = await db.branch.findFirst({
    where: { tenantId: tenant.id, archivedAt: null },
    orderBy: { createdAt: 'asc' },
  });
  if (!branch) return 0;
  const now = new Date();
  const [{ hours }, methods, menu] = await Promise.all([
    getBusinessHours(db, tenant.id, branch.id),
    getPickupMethods(db, tenant.id, branch.id),
    loadMenu(db, tenant.id, branch.id, now),
  ]);
  const slots = orderSlots(hours, methods, 'pickup', now);
  const items = menu.categories.flatMap((c) => c.items).filter((i) => !i.soldOut);
  let placed = 0;
  for (const [index, demo] of DEMO_RESTAURANT_ORDERS.entries()) {
    const slot = slots[demo.slot];
    const item = items[index % items.length];
    if (!slot || !item) break;
    const customer = await db.customer.upsert({
      where: { tenantId_lineUserId: { tenantId: tenant.id, lineUserId: `Udemo-restaurant-${index}` } },
      create: { tenantId: tenant.id, lineUserId: `Udemo-restaurant-${index}`, displayName: demo.customer },
      update: {},
    });
    // The first choice of each group the item needs, as a customer in a hurry picks.
    const choices = Object.fromEntries(
      item.groups.filter((g) => g.minSelect > 0).map((g) => [g.id, g.choices.slice(0, g.minSelect).map((c) => c.id)]),
    );
    const result = await placeRestaurantOrder(db, {
      tenantId: tenant.id,
      customerId: customer.id,
      checkout: {
        submitId: randomUUID(),
        branchId: branch.id,
        method: 'pickup',
        slotStart: slot.start.toISOString(),
        customerName: demo.customer,
        phone: demo.phone,
        ...(demo.note ? { note: demo.note } : {}),
        lines: [{ productId: item.id, quantity: 1 + (index % 2), choices }],
      },
    });
    if (result.kind !== 'placed') continue;
    await startRestaurantOrder(temporal, taskQueue, tenant.id, result.order);
    const handle = temporal.workflow.getHandle(result.order.workflowId);
    for (const action of demo.steps)
      await handle.executeUpdate(restaurantActionUpdate, { args: [{ action, by: 'staff', actor: 'system' }] });
    placed += 1;
  }
  return placed;
}
