/**
 * The pure business rules the web app shares with the server, from the repository's domain/.
 * One import path for the whole app, so no component reaches across the tree on its own.
 */
export { formatNtd } from '../../../domain/money.ts';
export { formatTaipeiDateTime } from '../../../domain/taipei-time.ts';
export { ORDER_STATUSES, isOrderStatus, type OrderStatus } from '../../../domain/order-status.ts';
