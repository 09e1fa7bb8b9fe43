import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { OrderStatus } from '../domain/order-status.ts';

/** What an order workflow knows about its order; read with the `orderState` query. */
export interface OrderState {
  outcome: 'placing' | 'placed' | 'sold_out' | 'unknown_product';
  orderId: string | null;
  orderNumber: string | null;
  status: OrderStatus | null;
  total: number;
  trackingNumber: string | null;
  items: { productCode: string; productName: string; unitPrice: number; requested: number; allocated: number }[];
  customerNotified: boolean;
  adminsNotified: boolean;
}

export interface ChangeStatusRequest {
  to: OrderStatus;
  trackingNumber?: string | null;
  /** staff:<id>, or system; recorded in the audit line. */
  actor: string;
}

export const orderStateQuery = defineQuery<OrderState>('orderState');
/** Admin status changes; validated against domain/order-status.ts before they are accepted. */
export const changeStatusUpdate = defineUpdate<OrderState, [ChangeStatusRequest]>('changeStatus');
