import { formatOrderNumber } from '../../domain/orders/order-number.ts';
import { formatPickupNumber } from '../../domain/restaurant/order-timing.ts';
import { taipeiDayKey } from '../../domain/taipei-time.ts';
import type { PricedLine } from '../../domain/restaurant/cart-pricing.ts';
import type { Prisma } from '../client.ts';

/**
 * The next order number of the shop's Taipei day and the next 取餐號碼 of the branch's pickup
 * day, taken inside the order's transaction (a rolled-back order gives both back).
 */
export async function nextRestaurantOrderNumbers(
  tx: Prisma.TransactionClient,
  tenantId: string,
  branchId: string,
  now: Date,
  wantedAt: Date,
): Promise<{ number: string; pickupNumber: string }> {
  const [tenant] = await tx.$queryRaw<
    { order_prefix: string }[]
  >`SELECT order_prefix FROM tenants WHERE id = ${tenantId}::uuid`;
  const today = taipeiDayKey(now);
  const [sequence] = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO daily_sequences (tenant_id, kind, day, value) VALUES (${tenantId}::uuid, 'order_number', ${today}, 1)
    ON CONFLICT (tenant_id, kind, day) DO UPDATE SET value = daily_sequences.value + 1
    RETURNING value`;
  const pickupDay = taipeiDayKey(wantedAt);
  const [pickup] = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO pickup_number_sequences (tenant_id, branch_id, day, value) VALUES (${tenantId}::uuid, ${branchId}::uuid, ${pickupDay}, 1)
    ON CONFLICT (branch_id, day) DO UPDATE SET value = pickup_number_sequences.value + 1
     WHERE pickup_number_sequences.tenant_id = ${tenantId}::uuid
    RETURNING value`;
  return { number: formatOrderNumber(tenant!.order_prefix, today, sequence!.value), pickupNumber: formatPickupNumber(pickup!.value) };
}

/** A priced cart's lines as the order's items, each with its product's code as it is now. */
export async function restaurantOrderItems(
  tx: Prisma.TransactionClient,
  tenantId: string,
  lines: readonly PricedLine[],
): Promise<Prisma.OrderItemCreateManyOrderInput[]> {
  const codes = await tx.product.findMany({
    where: { tenantId, id: { in: lines.map((l) => l.productId) } },
    select: { id: true, code: true },
  });
  const codeOf = new Map(codes.map((c) => [c.id, c.code]));
  return lines.map((l) => ({
    tenantId,
    productId: l.productId,
    productCode: codeOf.get(l.productId) ?? '',
    productName: l.name,
    unitPrice: l.unitPrice,
    requestedQuantity: l.quantity,
    allocatedQuantity: l.quantity,
    choices: l.choices as unknown as Prisma.InputJsonValue,
    note: l.note,
  }));
}
