import type { PageKey } from './admin-pages.ts';

/**
 * Admin pages that share what they read: an API route several pages use names them all (one is
 * enough, api/plugins/auth.ts requirePage), and an order's own page opens from any of ORDERS_READ.
 */

/** The catalogue: products, menus and options, read wherever items are chosen or counted. */
export const CATALOG_READ: readonly PageKey[] = [
  'products',
  'menu',
  'menu/option-groups',
  'daily/stock',
  'daily/pauses',
  'daily/capacity',
  'promotions',
  'promotions/codes',
  'promotions/coupons',
  'reports/products',
  'reports/branch-products',
];

/** Orders, seen from the order list and the restaurant's boards. */
export const ORDERS_READ: readonly PageKey[] = ['orders', 'order-board', 'order-board/future'];

/** Acting on an order (status, notes, messages, payments, reprints): the list and the board. */
export const ORDERS_MANAGE: readonly PageKey[] = ['orders', 'order-board'];

/** A branch's own record, read by every page that works on one branch. */
export const BRANCH_READ: readonly PageKey[] = [
  'settings/branches',
  'settings/hours',
  'settings/pickup',
  'settings/qr-codes',
  'settings/printers',
  'settings/order-handling',
  'order-board',
];
