/**
 * What a delivery partner's order status means for the shop's order, one rule shared by the
 * dispatch workflow, the board and the order page.
 */

/** Jiayi's own states of a booking beside the partner's (Lalamove v3's statuses). */
export type DeliveryStatus =
  | 'booking'
  | 'unknown'
  | 'failed'
  | 'ASSIGNING_DRIVER'
  | 'ON_GOING'
  | 'PICKED_UP'
  | 'COMPLETED'
  | 'CANCELED'
  | 'REJECTED'
  | 'EXPIRED';

/**
 * seeking: waiting for a rider; on_the_way: a rider is coming to the shop; picked_up; delivered;
 * given_up: the rider gave it up or nobody took it (book again); cancelled: it will not come.
 */
export type DeliveryStage = 'seeking' | 'on_the_way' | 'picked_up' | 'delivered' | 'given_up' | 'cancelled';

export function deliveryStage(status: string): DeliveryStage {
  switch (status) {
    case 'ON_GOING':
      return 'on_the_way';
    case 'PICKED_UP':
      return 'picked_up';
    case 'COMPLETED':
      return 'delivered';
    case 'REJECTED':
    case 'EXPIRED':
      return 'given_up';
    case 'CANCELED':
    case 'failed':
      return 'cancelled';
    default:
      return 'seeking';
  }
}

/** A booking is over (the next one, if any, is a new booking). */
export function isFinalDeliveryStatus(status: string): boolean {
  const stage = deliveryStage(status);
  return stage === 'delivered' || stage === 'given_up' || stage === 'cancelled';
}

/** A rider is booked at most this many times for one order (after that the staff arrange it). */
export const MAX_DELIVERY_BOOKINGS = 3;

export const DELIVERY_STAGE_LABELS_ZH: Record<DeliveryStage, string> = {
  seeking: '尋找外送員',
  on_the_way: '外送員前往取餐',
  picked_up: '外送員已取餐',
  delivered: '已送達',
  given_up: '外送員取消，重新叫車',
  cancelled: '外送已取消',
};

/** The rider's line to the customer: name, phone, plate and where to follow the delivery. */
export interface RiderDetails {
  name: string;
  phone: string;
  plate: string;
  trackingLink: string;
}

/** A partner's amount text ("120", "120.5") as whole NT$ (Taiwan's fees are whole dollars). */
export function partnerFee(total: string): number {
  return Math.round(Number(total));
}
