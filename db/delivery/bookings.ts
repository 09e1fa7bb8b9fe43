import type { DeliveryStatus } from '../../domain/delivery/delivery-status.ts';
import type { Db, Prisma } from '../client.ts';

/**
 * The riders booked for an order, one row per booking, as the partner last told it. The
 * dispatch workflow writes them; the board and the order page read the latest.
 */
export interface DeliveryBookingView {
  attempt: number;
  partner: string;
  partnerOrderId: string | null;
  status: DeliveryStatus;
  fee: number | null;
  shareLink: string | null;
  driver: { name: string; phone: string; plate: string } | null;
  error: string | null;
  updatedAt: Date;
}

export interface BookingRef {
  tenantId: string;
  orderId: string;
  attempt: number;
}

/** The booking row before the partner is asked (kept when the answer is lost). */
export async function startDeliveryBooking(db: Db, ref: BookingRef & { branchId: string; partner: string; fee: number | null }): Promise<void> {
  await db.deliveryBooking.upsert({
    where: { tenantId_orderId_attempt: { tenantId: ref.tenantId, orderId: ref.orderId, attempt: ref.attempt } },
    create: { tenantId: ref.tenantId, branchId: ref.branchId, orderId: ref.orderId, attempt: ref.attempt, partner: ref.partner, status: 'booking', fee: ref.fee },
    update: ref.fee === null ? {} : { fee: ref.fee },
  });
}

export interface BookingChange {
  partnerOrderId?: string;
  status?: DeliveryStatus;
  fee?: number | null;
  shareLink?: string | null;
  driver?: { name: string; phone: string; plate: string };
  error?: string | null;
}

export async function updateDeliveryBooking(db: Db, ref: BookingRef, change: BookingChange): Promise<void> {
  await db.deliveryBooking.updateMany({
    where: { tenantId: ref.tenantId, orderId: ref.orderId, attempt: ref.attempt },
    data: {
      ...(change.partnerOrderId !== undefined ? { partnerOrderId: change.partnerOrderId } : {}),
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.fee !== undefined ? { fee: change.fee } : {}),
      ...(change.shareLink !== undefined ? { shareLink: change.shareLink } : {}),
      ...(change.driver ? { driverName: change.driver.name, driverPhone: change.driver.phone, driverPlate: change.driver.plate } : {}),
      ...(change.error !== undefined ? { error: change.error?.slice(0, 500) ?? null } : {}),
    },
  });
}

const viewSelect = {
  orderId: true,
  attempt: true,
  partner: true,
  partnerOrderId: true,
  status: true,
  fee: true,
  shareLink: true,
  driverName: true,
  driverPhone: true,
  driverPlate: true,
  error: true,
  updatedAt: true,
} as const;

/** The latest booking of each of the shop's orders named. */
export async function latestDeliveryBookings(db: Db | Prisma.TransactionClient, tenantId: string, orderIds: string[]): Promise<Map<string, DeliveryBookingView>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db.deliveryBooking.findMany({
    where: { tenantId, orderId: { in: orderIds } },
    select: viewSelect,
    orderBy: { attempt: 'desc' },
  });
  const latest = new Map<string, DeliveryBookingView>();
  for (const row of rows) {
    if (latest.has(row.orderId)) continue;
    latest.set(row.orderId, {
      attempt: row.attempt,
      partner: row.partner,
      partnerOrderId: row.partnerOrderId,
      status: row.status as DeliveryStatus,
      fee: row.fee,
      shareLink: row.shareLink,
      driver: row.driverName ? { name: row.driverName, phone: row.driverPhone ?? '', plate: row.driverPlate ?? '' } : null,
      error: row.error,
      updatedAt: row.updatedAt,
    });
  }
  return latest;
}

/** The shop's order a partner's order belongs to, when Jiayi recorded the booking. */
export async function orderOfPartnerOrder(db: Db, tenantId: string, partnerOrderId: string): Promise<string | null> {
  const row = await db.deliveryBooking.findFirst({ where: { tenantId, partnerOrderId }, select: { orderId: true } });
  return row?.orderId ?? null;
}
