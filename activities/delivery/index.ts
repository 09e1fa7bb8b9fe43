import { ApplicationFailure } from '@temporalio/activity';
import { startDeliveryBooking, updateDeliveryBooking, type BookingRef } from '../../db/delivery/bookings.ts';
import { deliveryCredentials, recordDeliveryError } from '../../db/delivery/settings.ts';
import { partnerFee, type DeliveryStatus, type RiderDetails } from '../../domain/delivery/delivery-status.ts';
import { e164, lalamoveApi, LalamoveError, LALAMOVE_PRODUCTION, type LalamoveApi } from '../../integrations/lalamove/client.ts';
import type { ActivityDeps } from '../deps.ts';

export interface DeliveryRef {
  tenantId: string;
  branchId: string;
  orderId: string;
}

export interface DeliveryQuote {
  quotationId: string;
  expiresAtMs: number;
  fee: number;
  senderStopId: string;
  recipientStopId: string;
}

/**
 * What became of a booking request. `unknown`: no answer, or the partner failed on its side; the
 * booking may have been made, so it is looked for (reconciled) before any other is sent.
 */
export type BookingOutcome =
  | { kind: 'booked'; partnerOrderId: string; status: DeliveryStatus; shareLink: string }
  | { kind: 'expired' }
  | { kind: 'busy' }
  | { kind: 'refused'; message: string }
  | { kind: 'unknown'; message: string };

/**
 * The delivery area: a rider booked from the branch's partner (Lalamove v3) for a delivery order,
 * and what the partner says of it recorded on the booking. The partner takes no idempotency key,
 * so a booking is sent once per activity (no retry) carrying the workflow's key in its metadata.
 */
export function deliveryActivities(deps: ActivityDeps) {
  const origin = deps.lalamove ?? { apiBaseUrl: LALAMOVE_PRODUCTION, timeoutMs: 15_000, reconcileMs: 120_000 };

  async function partner(ref: Pick<DeliveryRef, 'tenantId' | 'branchId'>): Promise<{ api: LalamoveApi; settingsId: string; serviceType: string; feePaidBy: string }> {
    const settings = await deliveryCredentials(deps.db, deps.secrets, { tenantId: ref.tenantId, branchId: ref.branchId });
    if (!settings) throw ApplicationFailure.nonRetryable('The branch has no delivery partner', 'delivery_not_configured');
    return {
      api: lalamoveApi({ baseUrl: origin.apiBaseUrl, apiKey: settings.apiKey, apiSecret: settings.apiSecret, timeoutMs: origin.timeoutMs }),
      settingsId: settings.id,
      serviceType: settings.serviceType,
      feePaidBy: settings.feePaidBy,
    };
  }

  /** Runs a partner call; its refusal is kept on the branch's settings (the page shows the last one). */
  async function recorded<T>(settingsId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof LalamoveError) await recordDeliveryError(deps.db, settingsId, error.message);
      throw error;
    }
  }

  /** Cancels a partner order; 'too_late' when the partner refuses because the rider has it (422). */
  async function cancelAtPartner(api: LalamoveApi, settingsId: string, partnerOrderId: string): Promise<'cancelled' | 'too_late'> {
    try {
      await recorded(settingsId, () => api.cancelOrder(partnerOrderId));
      return 'cancelled';
    } catch (error) {
      if (error instanceof LalamoveError && error.status === 422) return 'too_late';
      throw error;
    }
  }

  async function deliveryOrder(ref: DeliveryRef) {
    const order = await deps.db.order.findFirst({
      where: { tenantId: ref.tenantId, id: ref.orderId, branchId: ref.branchId },
      select: {
        number: true,
        deliveryAddress: true,
        deliveryLat: true,
        deliveryLng: true,
        contactName: true,
        contactPhone: true,
        customerNote: true,
        branch: { select: { name: true, address: true, phone: true, latitude: true, longitude: true } },
      },
    });
    if (!order?.branch) throw ApplicationFailure.nonRetryable('The order is gone', 'delivery_no_order');
    return { ...order, branch: order.branch };
  }

  return {
    /** The branch's booking time settings and how long a lost booking is looked for; null: no delivery partner. */
    async planDelivery(ref: Pick<DeliveryRef, 'tenantId' | 'branchId'>) {
      const settings = await deliveryCredentials(deps.db, deps.secrets, ref);
      if (!settings) return null;
      return { partner: settings.partner, bookWhen: settings.bookWhen, bookMinutesBefore: settings.bookMinutesBefore, reconcileMs: origin.reconcileMs };
    },

    /** A quotation from the branch to the customer's place; it expires, so the workflow re-quotes. */
    async quoteDelivery(ref: DeliveryRef): Promise<DeliveryQuote> {
      const { api, settingsId, serviceType } = await partner(ref);
      const order = await deliveryOrder(ref);
      const { branch } = order;
      if (branch.latitude === null || branch.longitude === null || order.deliveryLat === null || order.deliveryLng === null)
        throw ApplicationFailure.nonRetryable('外送需要分店和顧客地址的座標', 'delivery_no_location');
      const quote = await recorded(settingsId, () =>
        api.quote({
          serviceType,
          stops: [
            { lat: branch.latitude!, lng: branch.longitude!, address: branch.address },
            { lat: order.deliveryLat!, lng: order.deliveryLng!, address: order.deliveryAddress ?? '' },
          ],
        }),
      );
      return {
        quotationId: quote.quotationId,
        expiresAtMs: Date.parse(quote.expiresAt),
        fee: partnerFee(quote.priceBreakdown.total),
        senderStopId: quote.stops[0]!.stopId,
        recipientStopId: quote.stops[1]!.stopId,
      };
    },

    /**
     * Sends the booking once. The row is written first (status booking), so a booking whose answer
     * is lost is still on record; the metadata names the order and the workflow's booking key.
     */
    async bookDelivery(input: DeliveryRef & { attempt: number; bookingKey: string; quote: DeliveryQuote }): Promise<BookingOutcome> {
      const ref: BookingRef = { tenantId: input.tenantId, orderId: input.orderId, attempt: input.attempt };
      const { api, settingsId, feePaidBy } = await partner(input);
      const order = await deliveryOrder(input);
      await startDeliveryBooking(deps.db, { ...ref, branchId: input.branchId, partner: 'lalamove', fee: input.quote.fee });
      const remarks = [
        `加一訂單 ${order.number}`,
        feePaidBy === 'customer' ? `運費 NT$${input.quote.fee} 請向顧客收取` : '',
        order.customerNote ?? '',
      ].filter(Boolean).join('｜');
      try {
        const booked = await api.placeOrder({
          quotationId: input.quote.quotationId,
          sender: { stopId: input.quote.senderStopId, name: order.branch.name, phone: e164(order.branch.phone) },
          recipient: {
            stopId: input.quote.recipientStopId,
            name: order.contactName ?? '顧客',
            phone: e164(order.contactPhone ?? order.branch.phone),
            remarks: remarks.slice(0, 1000),
          },
          metadata: { jiayiTenantId: input.tenantId, jiayiOrderId: input.orderId, orderNumber: order.number, bookingKey: input.bookingKey },
        });
        await updateDeliveryBooking(deps.db, ref, { partnerOrderId: booked.orderId, status: booked.status, shareLink: booked.shareLink || null, error: null });
        return { kind: 'booked', partnerOrderId: booked.orderId, status: booked.status, shareLink: booked.shareLink };
      } catch (error) {
        if (!(error instanceof LalamoveError)) throw error;
        await recordDeliveryError(deps.db, settingsId, error.message);
        if (error.code === 'ERR_QUOTATION_EXPIRED') return { kind: 'expired' };
        if (error.status === 429) return { kind: 'busy' };
        if (error.status !== null && error.status < 500) {
          await updateDeliveryBooking(deps.db, ref, { status: 'failed', error: error.message });
          return { kind: 'refused', message: error.message };
        }
        await updateDeliveryBooking(deps.db, ref, { status: 'unknown', error: error.message });
        return { kind: 'unknown', message: error.message };
      }
    },

    /**
     * A partner order the webhook named for this order while a booking's answer was lost: read
     * back from the partner (its metadata must name the order) and kept as the booking.
     */
    async adoptDeliveryBooking(input: DeliveryRef & { attempt: number; partnerOrderId: string }) {
      const { api, settingsId } = await partner(input);
      const found = await recorded(settingsId, () => api.getOrder(input.partnerOrderId));
      if (found.metadata?.jiayiOrderId !== input.orderId) return null;
      await updateDeliveryBooking(deps.db, input, { partnerOrderId: found.orderId, status: found.status, shareLink: found.shareLink || null, error: null });
      return { status: found.status as DeliveryStatus, shareLink: found.shareLink };
    },

    /**
     * Records the partner's news of the booking; with a driver, their details are read from the
     * partner (name, phone, plate) with the order's tracking link, for the customer's message.
     */
    async recordDeliveryUpdate(
      input: DeliveryRef & { attempt: number; partnerOrderId: string; status: DeliveryStatus | null; driverId: string | null },
    ): Promise<RiderDetails | null> {
      const ref: BookingRef = { tenantId: input.tenantId, orderId: input.orderId, attempt: input.attempt };
      if (input.status) await updateDeliveryBooking(deps.db, ref, { status: input.status });
      if (!input.driverId) return null;
      const { api, settingsId } = await partner(input);
      const [driver, order] = await recorded(settingsId, () =>
        Promise.all([api.getDriver(input.partnerOrderId, input.driverId!), api.getOrder(input.partnerOrderId)]),
      );
      const rider = { name: driver.name, phone: driver.phone, plate: driver.plateNumber };
      await updateDeliveryBooking(deps.db, ref, { driver: rider, shareLink: order.shareLink || null });
      return { ...rider, trackingLink: order.shareLink };
    },

    /** Cancels the booking at the partner; 'too_late' when the rider is already on the way. */
    async cancelDeliveryBooking(input: DeliveryRef & { attempt: number; partnerOrderId: string }): Promise<'cancelled' | 'too_late'> {
      const { api, settingsId } = await partner(input);
      const outcome = await cancelAtPartner(api, settingsId, input.partnerOrderId);
      if (outcome === 'cancelled') await updateDeliveryBooking(deps.db, input, { status: 'CANCELED' });
      return outcome;
    },

    /**
     * A second booking at the partner for an order that already has its rider (the first
     * booking's answer and news came too late): cancelled when the partner still allows it;
     * otherwise the branch's connection shows it, for the shop to settle with the partner.
     */
    async cancelStrayDeliveryBooking(input: DeliveryRef & { partnerOrderId: string }): Promise<'cancelled' | 'too_late' | 'not_ours'> {
      const { api, settingsId } = await partner(input);
      const found = await recorded(settingsId, () => api.getOrder(input.partnerOrderId));
      if (found.metadata?.jiayiOrderId !== input.orderId) return 'not_ours';
      const outcome = await cancelAtPartner(api, settingsId, input.partnerOrderId);
      if (outcome === 'too_late') {
        const order = await deliveryOrder(input);
        await recordDeliveryError(deps.db, settingsId, `訂單 ${order.number} 多叫了一位外送員（Lalamove ${input.partnerOrderId}），已無法取消，請聯絡 Lalamove`);
      }
      return outcome;
    },

    /** The dispatch gave up (no location, refused, too many riders gave it up): on the booking and the branch's settings. */
    async failDelivery(input: DeliveryRef & { attempt: number; message: string }) {
      await startDeliveryBooking(deps.db, { ...input, partner: 'lalamove', fee: null });
      await updateDeliveryBooking(deps.db, input, { status: 'failed', error: input.message });
      const settings = await deps.db.deliverySettings.findFirst({ where: { tenantId: input.tenantId, branchId: input.branchId }, select: { id: true } });
      if (settings) await recordDeliveryError(deps.db, settings.id, input.message);
    },
  };
}
