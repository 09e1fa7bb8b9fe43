import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRestaurant } from '../../../scripts/seed-demo.ts';
import { DEMO_RESTAURANT_ORDERS, seedDemoRestaurantOrders } from '../../../scripts/seed-demo-orders.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/** `npm start` shows a live board: the demo restaurant's orders in every status, placed once. */

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

describe('the demo restaurant orders', () => {
  it('puts an order in each status on 信義店 through their workflows, and only once', async () => {
    const { tenantId } = await seedDemoRestaurant(stack.db);
    expect(await seedDemoRestaurantOrders(stack.db, stack.temporal, stack.taskQueue)).toBe(DEMO_RESTAURANT_ORDERS.length);
    expect(await seedDemoRestaurantOrders(stack.db, stack.temporal, stack.taskQueue)).toBe(0);
    const statuses = await waitFor('the orders moved', async () => {
      const rows = await stack.db.order.findMany({ where: { tenantId }, select: { status: true } });
      const list = rows.map((r) => r.status).sort();
      return list.includes('completed') && list;
    });
    expect(statuses).toEqual(['accepted', 'completed', 'pending', 'preparing', 'ready']);
    const numbers = await stack.db.order.findMany({ where: { tenantId }, select: { pickupNumber: true, workflowId: true } });
    expect(numbers.every((o) => /^\d{3}$/.test(o.pickupNumber ?? ''))).toBe(true);
    // The demo restaurant has no LINE official account: its customers are not messaged, and no
    // step fails for it (nothing red in the Temporal UI).
    for (const { workflowId } of numbers) {
      const { events } = await stack.temporal.workflow.getHandle(workflowId!).fetchHistory();
      const failed = (events ?? []).filter((e) => e.activityTaskFailedEventAttributes);
      expect(failed.map((e) => e.activityTaskFailedEventAttributes?.failure?.message)).toEqual([]);
    }
  }, 120_000);
});
