import { DEFAULT_ATTENTION_AFTER_MINUTES } from '../../domain/orders/attention.ts';
import { orderSettingsSchema, type OrderSettings } from '../../domain/orders/order-settings.ts';
import { DEFAULT_RESERVATION_HOLD_MINUTES } from '../../domain/orders/reservation.ts';
import type { Db } from '../client.ts';

const DEFAULTS: OrderSettings = {
  reservationHoldMinutes: DEFAULT_RESERVATION_HOLD_MINUTES,
  attentionAfterMinutes: DEFAULT_ATTENTION_AFTER_MINUTES,
};

/**
 * The shop's order settings as stored. An unknown tenant, or a value outside its range (written
 * by hand in the database), gets the default rather than an unbounded or zero wait.
 */
export async function findOrderSettings(db: Pick<Db, 'tenant'>, tenantId: string): Promise<OrderSettings> {
  const row = await db.tenant.findUnique({
    where: { id: tenantId },
    select: { reservationHoldMinutes: true, attentionAfterMinutes: true },
  });
  if (!row) return DEFAULTS;
  const fields = orderSettingsSchema.shape;
  return {
    reservationHoldMinutes:
      fields.reservationHoldMinutes.safeParse(row.reservationHoldMinutes).data ?? DEFAULTS.reservationHoldMinutes,
    attentionAfterMinutes:
      fields.attentionAfterMinutes.safeParse(row.attentionAfterMinutes).data ?? DEFAULTS.attentionAfterMinutes,
  };
}

export async function saveOrderSettings(
  db: Pick<Db, 'tenant'>,
  tenantId: string,
  settings: OrderSettings,
): Promise<void> {
  await db.tenant.update({ where: { id: tenantId }, data: settings });
}
