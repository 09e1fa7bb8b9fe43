import { DEFAULT_RESERVATION_HOLD_MINUTES, reservationHoldMs } from '../../domain/orders/reservation.ts';
import type { Db } from '../client.ts';

/**
 * The tenant's reservation hold window in ms (Tenant.reservationHoldMinutes), read when a
 * reservation workflow is started. An unknown tenant or a value outside the allowed range
 * gets the default (24 h) rather than an unbounded or zero hold.
 */
export async function findReservationHoldMs(db: Db, tenantId: string): Promise<number> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { reservationHoldMinutes: true } });
  try {
    return reservationHoldMs(tenant?.reservationHoldMinutes ?? DEFAULT_RESERVATION_HOLD_MINUTES);
  } catch {
    return reservationHoldMs(DEFAULT_RESERVATION_HOLD_MINUTES);
  }
}
