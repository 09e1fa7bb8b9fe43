import { condition, upsertSearchAttributes, uuid4 } from '@temporalio/workflow';
import type { NotifyEvent } from '../../../domain/orders/notification-settings.ts';
import type { OrderStatus } from '../../../domain/orders/order-status.ts';
import { isSharedConversation, pushDestination } from '../../../domain/line-chat/chat-conversation.ts';
import { addressedToMember, stockShortageAlert } from '../../../domain/line-chat/chat-replies.ts';
import { reservationConfirmedReply } from '../../../domain/line-chat/reservation-replies.ts';
import { NeedsAttention, OrderStatus as OrderStatusAttribute } from '../../../temporal/search-attributes.ts';
import { lineMessageActivities as line } from '../../activity-proxies.ts';
import { OrderAttention } from './attention.ts';
import { noOrderFailure } from './failures.ts';
import { SerialQueue } from './serial-queue.ts';
import type { OrderState } from './updates.ts';
import type { ChatOrderInput } from './workflow.ts';

/** What a stock shortage alert needs: the product, what was asked for and what the stock gave. */
export interface StockShortage {
  product: { code: string; name: string };
  requested: number;
  allocation: { allocated: number; missing: number };
}

/**
 * One run of the chat order workflow: its input, the order as the workflow knows it (what the
 * `orderState` query answers), the queue every change to the order goes through, and the
 * customer's name. The Update handlers and the reservation's timer all work on this one object.
 */
export class ChatOrderRun {
  readonly state: OrderState = {
    outcome: 'placing',
    orderId: null,
    orderNumber: null,
    status: null,
    total: 0,
    trackingNumber: null,
    items: [],
    customerNotified: false,
    adminsNotified: false,
    attention: null,
  };
  /** Status changes, confirmations, quantity edits and the expiry, one at a time. */
  readonly serial = new SerialQueue();
  /** From ensureCustomer; set before any Update can act (they need a placed order). */
  customerName = '';

  readonly input: ChatOrderInput;
  /** Steps failing past the shop's threshold, answers LINE refused: the order flags itself. */
  readonly attention: OrderAttention;

  constructor(input: ChatOrderInput) {
    this.input = input;
    this.attention = new OrderAttention(input.attentionAfterMs, (summary) => {
      this.state.attention = summary;
      this.showNeedsAttention();
    });
  }

  /** NeedsAttention: the merchant's 其他/請諮詢 status, or a problem the workflow found itself. */
  private showNeedsAttention(): void {
    upsertSearchAttributes([
      { key: NeedsAttention, value: this.state.status === 'needs_attention' || this.attention.needed },
    ]);
  }

  get isReservation(): boolean {
    return this.input.command.kind === 'reserve';
  }

  /**
   * Still being placed: the inbox answered the customer before this workflow started, so a
   * merchant's or the customer's Update may arrive first. Validators let it in; the handler
   * waits (whenPlaced) and checks it then.
   */
  get placing(): boolean {
    return this.state.outcome === 'placing';
  }

  whenPlaced(): Promise<void> {
    return condition(() => this.state.outcome !== 'placing');
  }

  /**
   * The placed order's status. An Update for a message that made no order (sold out, unknown
   * product, still being placed) is refused with `no_order`.
   */
  placedStatus(message?: string): OrderStatus {
    if (this.state.outcome !== 'placed' || this.state.status === null) throw noOrderFailure(message);
    return this.state.status;
  }

  /** Takes the status the database stored, and shows it in the order's search attributes. */
  applyStatus(stored: { status: OrderStatus; trackingNumber: string | null }): void {
    this.state.status = stored.status;
    this.state.trackingNumber = stored.trackingNumber;
    upsertSearchAttributes([
      { key: OrderStatusAttribute, value: stored.status },
      { key: NeedsAttention, value: stored.status === 'needs_attention' || this.attention.needed },
    ]);
  }

  /**
   * The messageCustomer input for `text`: with the event's reply token when there is one, else
   * pushed to the chat the order was made in; in a group it names the customer.
   */
  customerMessage(replyToken: string | null, text: string) {
    const { input } = this;
    return {
      tenantId: input.tenantId,
      orderId: this.state.orderId,
      to: pushDestination(input.conversation, input.lineUserId),
      replyToken,
      text: isSharedConversation(input.conversation) ? addressedToMember(this.customerName, text) : text,
      retryKey: uuid4(),
    };
  }

  /** A later message about the order (confirmed, expired, quantity changed); false when LINE refused it. */
  tellCustomer(replyToken: string | null, text: string): Promise<boolean> {
    return this.attention.deliver('answer', () => line.messageCustomer(this.customerMessage(replyToken, text)));
  }

  async tellReservationConfirmed(by: 'customer' | 'shop', replyToken: string | null): Promise<void> {
    const { orderNumber, items, total } = this.state;
    const text = reservationConfirmedReply({ orderNumber: orderNumber!, items, total, by });
    await this.tellCustomer(replyToken, text);
  }

  /** Tells the shop's bound members (a shortage, a new order); false when LINE refused it. */
  alertAdmins(text: string, event: NotifyEvent, status?: OrderStatus): Promise<boolean> {
    const alert = {
      tenantId: this.input.tenantId,
      orderId: this.state.orderId,
      retryKeySeed: uuid4(),
      text,
      event,
      ...(status ? { status } : {}),
    };
    return this.attention.deliver('alert', () => line.alertAdmins(alert));
  }

  /** Tells the shop's admins that the stock could not cover what the customer asked for. */
  alertStockShortage(shortage: StockShortage): Promise<boolean> {
    return this.alertAdmins(
      stockShortageAlert({
        productCode: shortage.product.code,
        productName: shortage.product.name,
        requested: shortage.requested,
        allocated: shortage.allocation.allocated,
        missing: shortage.allocation.missing,
        orderNumber: this.state.orderNumber,
        customerName: this.customerName,
      }),
      'problem',
    );
  }
}
