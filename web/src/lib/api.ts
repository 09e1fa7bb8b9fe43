/**
 * The JSON the admin API answers, typed by the routes themselves (type-only imports: nothing
 * of the server ships to the browser). The web app only presents it: every rule about orders
 * lives behind the API or in domain/.
 */
import type { AdminOrder, AdminOrderPage } from '../../../api/orders/orders.ts';
export type { AdminOrder, AdminOrderPage };
import type { OrderStatus } from '../../../domain/orders/order-status.ts';
export type { AdminProduct } from '../../../api/catalog/products.ts';
export type { ProductWaitlist } from '../../../api/catalog/product-waitlist.ts';
export type { TeamInvitation, TeamMember } from '../../../api/team/team.ts';
export type { AttendancePage } from '../../../api/attendance/shifts.ts';
export type { AttendanceRow, AttendanceTotal } from '../../../domain/attendance/report.ts';
export type { AdminBranch } from '../../../api/restaurant/branches.ts';
export type { BranchQrCodes } from '../../../api/restaurant/qr-codes.ts';
export type { SupportLineContact } from '../../../api/support/line-contact.ts';
export type { BranchPickupMethods } from '../../../api/restaurant/pickup-methods.ts';
export type { BranchPrinters, PrinterView } from '../../../api/printing/printers.ts';
export type { PrinterProblem } from '../../../db/printing/printers.ts';
import type { PrinterProblem } from '../../../db/printing/printers.ts';
export type { StoreProfileView } from '../../../api/restaurant/store-profile.ts';
export type { BranchUberEats } from '../../../api/ubereats/connection.ts';
export type { BranchDeliverySettings } from '../../../api/delivery/settings.ts';
export type { BoardChoice, BoardItem, BoardPause, DailyOpsBoard } from '../../../api/restaurant/daily-ops.ts';
export type { BranchBusinessHours, OrderOutsideHours } from '../../../api/restaurant/business-hours.ts';
export type { StorefrontCustomer, StorefrontShop } from '../../../api/storefront/customer-session.ts';
export type { ShopProduct } from '../../../api/storefront/shop-products.ts';
export type { MemberCardView } from '../../../api/members/member-card.ts';
export type { MemberCard } from '../../../db/members/members.ts';
export type { MemberRow } from '../../../db/members/member-list.ts';
export type { LedgerEntry } from '../../../db/members/point-ledger.ts';
export type { CouponRecord, PointRecord } from '../../../db/members/member-records.ts';
export type { StoredPointRule } from '../../../db/members/point-rules.ts';
export type { TierSummary, TierPreview } from '../../../db/members/tiers.ts';
export type { TagSummary } from '../../../db/members/tags.ts';
export type { MemberAnalyticsReport, TagAnalyticsReport } from '../../../api/members/member-analytics.ts';
export type { DiscountScopeChoices, StoredPromotion } from '../../../db/promotions/promotions.ts';
export type { StoredPromoCode } from '../../../db/promotions/promo-codes.ts';
export type { CouponSummary, UsableCoupon } from '../../../db/promotions/coupons.ts';
export type { CampaignSummary } from '../../../db/promotions/coupon-campaigns.ts';
export type { CampaignRun } from '../../../db/promotions/coupon-campaign-runs.ts';
export type { IssueProgress } from '../../../db/promotions/coupon-issues.ts';
export type { IssuePreview, ListLine } from '../../../domain/promotions/manual-issue.ts';
export type { ShopOrderResult } from '../../../api/storefront/shop-orders.ts';
export type { CustomerOrder } from '../../../db/storefront/customer-orders.ts';
export type { NotificationSettingsView, NotificationTestResult } from '../../../api/orders/notification-settings.ts';
export type { PaymentSettingsView } from '../../../api/payments/payment-settings.ts';
export type { LineQuotaResult, LineSettings, LineVerifyResult } from '../../../api/line-chat/line-settings.ts';
export type { RichMenuSettings, WelcomeMessageSettings } from '../../../api/line-chat/rich-menu.ts';
export type {
  LineBindingCodeResult,
  LineBindingStatus,
  LineNotificationSettings,
} from '../../../api/team/line-binding.ts';
export type AdminOrderItem = AdminOrder['items'][number];
import type { CustomerDetail, CustomerSummary } from '../../../db/customers/customers.ts';
export type { CustomerDetail, CustomerSummary };
export type { Dashboard } from '../../../db/insights/dashboard.ts';
export type { DailyReport, ProductReport, TransactionLine, TransactionReport } from '../../../api/insights/reports.ts';
export type { ProductSales } from '../../../db/insights/product-sales.ts';
/** GET /api/t/:tenant/customers: one page, newest first. */
export interface CustomerPage {
  customers: CustomerSummary[];
  nextCursor: string | null;
}
export type { AdminOrderDetail, AdminOrderEvent, AdminOrderNote } from '../../../api/orders/order-detail.ts';
export type { OrderMessageResult } from '../../../api/orders/order-messages.ts';

export const PAGE_SIZE = 50;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function getJson<T>(fetcher: typeof fetch, url: string): Promise<T> {
  const response = await fetcher(url, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    let code = 'http_error';
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { code?: string; message?: string };
      code = body.code ?? code;
      message = body.message ?? message;
    } catch {
      // not JSON
    }
    throw new ApiError(response.status, code, message);
  }
  return (await response.json()) as T;
}

const base = (tenant: string) => `/api/t/${encodeURIComponent(tenant)}/orders`;

export function fetchOrderPage(
  fetcher: typeof fetch,
  tenant: string,
  options: { cursor?: string | null; limit?: number; q?: string | null; status?: OrderStatus | null } = {},
): Promise<AdminOrderPage> {
  const params = new URLSearchParams({ limit: String(options.limit ?? PAGE_SIZE) });
  if (options.cursor) params.set('cursor', options.cursor);
  if (options.q?.trim()) params.set('q', options.q.trim());
  if (options.status) params.set('status', options.status);
  return getJson(fetcher, `${base(tenant)}?${params}`);
}

export async function fetchOrder(fetcher: typeof fetch, tenant: string, orderId: string): Promise<AdminOrder> {
  const body = await getJson<{ order: AdminOrder }>(fetcher, `${base(tenant)}/${encodeURIComponent(orderId)}`);
  return body.order;
}

export type { AttentionList, AttentionOrder } from '../../../api/orders/order-attention.ts';
import type { AttentionList } from '../../../api/orders/order-attention.ts';

/** The orders that need a person, each with why (stuck steps, answers LINE refused, 其他/請諮詢). */
export function fetchAttentionOrders(fetcher: typeof fetch, tenant: string): Promise<AttentionList> {
  return getJson<AttentionList>(fetcher, `${base(tenant)}/attention`);
}

/** The order page's API: `/detail` (GET), `/status`, `/notes`, `/messages` (POST). */
export function orderDetailUrl(
  tenant: string,
  orderNumber: string,
  part: 'detail' | 'status' | 'notes' | 'messages' = 'detail',
): string {
  return `${base(tenant)}/${encodeURIComponent(orderNumber)}/${part}`;
}

/** A new request ID: the server does what one ID asks once, however often it arrives. */
export function newRequestId(): string {
  const c = globalThis.crypto;
  // randomUUID needs a secure context (https or localhost); a shop's LAN address over http has not.
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function orderStreamUrl(tenant: string): string {
  return `${base(tenant)}/stream`;
}

/** Newest first, by (createdAt, id), the order the API pages in. Negative when a comes first. */
export function compareOrders(a: AdminOrder, b: AdminOrder): number {
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt ? -1 : 1;
  return a.id === b.id ? 0 : a.id > b.id ? -1 : 1;
}
export type {
  AdminMenuItem,
  CategoryRow as MenuCategory,
  OptionGroupRow as MenuOptionGroup,
} from '../../../db/catalog/menu.ts';

// storefront: restaurant
import type { CustomerMenu as RestaurantMenuBody } from '../../../db/catalog/menu.ts';
import type { PublicStoreProfile } from '../../../domain/restaurant/store-profile.ts';
export type { MenuItem as RestaurantMenuItem } from '../../../db/catalog/menu.ts';
export type { CartProblem, PricedCart } from '../../../domain/restaurant/cart-pricing.ts';
export type { DeliveryQuote } from '../../../domain/restaurant/pickup-methods.ts';

/** GET /api/menu/:tenant?branch= — the branch's menu, the shop's profile and theme. */
export type RestaurantMenu = RestaurantMenuBody & { shop: { name: string }; store: PublicStoreProfile };

export type { ShopBranch, ShopOrderSlot as ShopSlot } from '../../../api/storefront/restaurant-branches.ts';
export type {
  CheckoutInvoice,
  CheckoutPayment,
  CheckoutQuote,
  RestaurantOrderPlaced as PlacedRestaurantOrder,
} from '../../../api/storefront/restaurant-orders.ts';
export type { InvoiceSettingsView } from '../../../domain/invoices/invoice-settings.ts';
export type { InvoiceCheckResult } from '../../../api/invoices/invoice-settings.ts';
export type { InvoicePage } from '../../../api/invoices/invoice-list.ts';
export type { OrderInvoiceView } from '../../../db/invoices/order-invoices.ts';
export type { RetentionPreview, SystemSettingsView } from '../../../api/team/system-settings.ts';

/** GET /api/shop/:tenant/orders/:orderNumber — the signed-in customer's own order, either kind. */
export type { CustomerOrderPage as CustomerOrderView } from '../../../db/storefront/customer-order.ts';
export type { PayStepQuote } from '../../../api/storefront/order-payment.ts';

/** The customer API of a shop (cookie session, public reads). */
export const shopApiBase = (tenant: string) => `/api/shop/${encodeURIComponent(tenant)}`;
export const menuUrl = (tenant: string, branchId: string) =>
  `/api/menu/${encodeURIComponent(tenant)}?branch=${encodeURIComponent(branchId)}`;
export const menuVersionUrl = (tenant: string) => `/api/menu/${encodeURIComponent(tenant)}/version`;
export const customerOrderUrl = (tenant: string, orderNumber: string) =>
  `${shopApiBase(tenant)}/orders/${encodeURIComponent(orderNumber)}`;

// order board
import type { BoardOrder, futureOrders } from '../../../db/restaurant/order-board.ts';
import type { ActiveRestaurantStatus, RestaurantAction } from '../../../domain/restaurant/restaurant-order-status.ts';
export type { BoardOrder };
export type { RestaurantOrderDetail } from '../../../api/orders/order-detail.ts';
export type { OrderHandling as OrderHandlingView } from '../../../domain/restaurant/order-handling.ts';

export type BoardMethod = BoardOrder['method'];

/** A branch's kitchen board (GET …/board): counts are the active orders per status, whatever the filter. */
export interface BoardView {
  orders: BoardOrder[];
  counts: Record<ActiveRestaurantStatus, number>;
  /** The shop's 訂單通知設定: new orders chime. */
  newOrderSound: boolean;
  /** The branch's printers that are off, out of paper, open or failing. */
  printers: PrinterProblem[];
}

export interface BoardQuery {
  /** One status, or several comma-separated. */
  status?: string | null;
  method?: BoardMethod | null;
  from?: string | null;
  to?: string | null;
}

/** 未來訂單總覽 (GET …/future-orders): each day's orders by slot and its item totals. */
export interface FutureOrders {
  days: Awaited<ReturnType<typeof futureOrders>>;
}

const branchBase = (tenant: string, branchId: string) =>
  `/api/t/${encodeURIComponent(tenant)}/branches/${encodeURIComponent(branchId)}`;

export function boardUrl(tenant: string, branchId: string, query: BoardQuery = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return `${branchBase(tenant, branchId)}/board${search ? `?${search}` : ''}`;
}

export function boardStreamUrl(tenant: string, branchId: string): string {
  return `${branchBase(tenant, branchId)}/board/stream`;
}

/** A Workflow Update on the order (接單, 拒單, 開始製作, 出餐, 完成, 取消). */
export function boardActionUrl(tenant: string, branchId: string, orderId: string, action: RestaurantAction): string {
  return `${branchBase(tenant, branchId)}/board/${encodeURIComponent(orderId)}/${action}`;
}

export function futureOrdersUrl(tenant: string, branchId: string, from: string, days: number): string {
  return `${branchBase(tenant, branchId)}/future-orders?${new URLSearchParams({ from, days: String(days) })}`;
}

export function uberEatsUrl(tenant: string, branchId: string): string {
  return `${branchBase(tenant, branchId)}/ubereats`;
}

export function uberEatsMenuSyncUrl(tenant: string, branchId: string): string {
  return `${uberEatsUrl(tenant, branchId)}/menu-sync`;
}

export function deliverySettingsUrl(tenant: string, branchId: string): string {
  return `${branchBase(tenant, branchId)}/delivery-settings`;
}

export function orderHandlingUrl(tenant: string, branchId: string): string {
  return `${branchBase(tenant, branchId)}/order-handling`;
}
