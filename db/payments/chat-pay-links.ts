import { allowedPaymentMethods, chatPayLink } from '../../domain/payments/payment-settings.ts';
import type { Db, Prisma } from '../client.ts';
import type { PlaceOrderResult } from '../orders/place-order.ts';
import { findPaymentOptions } from './payment-settings.ts';

/**
 * A "+1" order bought (已購買) at a shop that takes cards in the chat gets its pay link in the
 * answer; a held reservation, or a shop without card payments, gets none.
 */
export async function withPayLinks<R extends PlaceOrderResult>(
  db: Db,
  tenantId: string,
  results: R[],
  origin: string | undefined,
): Promise<(R & { payLink?: string })[]> {
  if (!origin || !results.some((r) => r.kind === 'placed' && r.order.status === 'confirmed')) return results;
  if (!(await chatTakesCards(db, tenantId))) return results;
  const { slug } = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { slug: true } });
  return results.map((r) =>
    r.kind === 'placed' && r.order.status === 'confirmed'
      ? { ...r, payLink: chatPayLink(origin, slug, r.order.id) }
      : r,
  );
}

/** Whether the shop takes cards for "+1" orders now (收款金流設定 allows them and its Stripe account charges). */
export async function chatTakesCards(db: Db | Prisma.TransactionClient, tenantId: string): Promise<boolean> {
  const options = await findPaymentOptions(db, tenantId);
  return allowedPaymentMethods(options.settings, 'shop', options.cardReady).includes('card');
}
