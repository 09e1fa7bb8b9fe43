import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRANCH_READ, CATALOG_READ, ORDERS_MANAGE, ORDERS_READ } from '../../../domain/team/page-sets.ts';
import {
  PAGE_KEYS,
  can,
  effectivePermissions,
  type Need,
  type PageKey,
  type Permissions,
  type Role,
} from '../../../domain/team/permissions.ts';
import { createMember, createSession, type TestSession } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { createTenant } from '../../support/shops.ts';

/**
 * Every admin API route of a shop, tried with no session, with every role (and custom
 * per-page permissions), and with a member of another shop: 401 / 403 / 404 exactly where
 * domain/team/permissions.ts says so, and nothing in the database changes when a request is refused.
 * The route list comes from the server itself, so a new route without an entry here fails.
 */

/**
 * Who may call what: the admin pages a route serves (one is enough) and the level it needs (or
 * any member); `branch`: the route is about one branch, which must be the shop's and one the
 * caller works in (requireBranch).
 */
const EXPECTED: Record<string, { pages: readonly PageKey[]; need: Need; branch?: true } | 'member'> = {
  'GET /api/t/:tenant/me': 'member',
  'GET /api/t/:tenant/orders': { pages: ORDERS_READ, need: 'view' },
  'GET /api/t/:tenant/orders/stream': { pages: ORDERS_READ, need: 'view' },
  'GET /api/t/:tenant/orders/:orderId': { pages: ORDERS_READ, need: 'view' },
  'POST /api/t/:tenant/orders/:orderNumber/status': { pages: ORDERS_MANAGE, need: 'manage' },
  'GET /api/t/:tenant/orders/:orderNumber/detail': { pages: ORDERS_READ, need: 'view' },
  'POST /api/t/:tenant/orders/:orderNumber/notes': { pages: ORDERS_MANAGE, need: 'manage' },
  'POST /api/t/:tenant/orders/:orderNumber/messages': { pages: ORDERS_MANAGE, need: 'manage' },
  'GET /api/t/:tenant/orders/attention': { pages: ORDERS_READ, need: 'view' },
  'GET /api/t/:tenant/settings/orders': { pages: ['settings/orders'], need: 'view' },
  'PUT /api/t/:tenant/settings/orders': { pages: ['settings/orders'], need: 'manage' },
  'GET /api/t/:tenant/settings/system': { pages: ['settings/system'], need: 'view' },
  'PUT /api/t/:tenant/settings/system': { pages: ['settings/system'], need: 'manage' },
  'GET /api/t/:tenant/settings/system/retention-preview': { pages: ['settings/system'], need: 'view' },
  'GET /api/t/:tenant/billing': { pages: ['billing'], need: 'view' },
  'POST /api/t/:tenant/billing/checkout': { pages: ['billing'], need: 'manage' },
  'POST /api/t/:tenant/billing/portal': { pages: ['billing'], need: 'manage' },
  'GET /api/t/:tenant/payments/stripe-account': { pages: ['settings/payments'], need: 'view' },
  'POST /api/t/:tenant/payments/stripe-account/onboarding': { pages: ['settings/payments'], need: 'manage' },
  'POST /api/t/:tenant/payments/stripe-account/dashboard': { pages: ['settings/payments'], need: 'manage' },
  'GET /api/t/:tenant/settings/payments': { pages: ['settings/payments'], need: 'view' },
  'PUT /api/t/:tenant/settings/payments': { pages: ['settings/payments'], need: 'manage' },
  'POST /api/t/:tenant/orders/:orderNumber/payment/transfer-received': { pages: ORDERS_MANAGE, need: 'manage' },
  'POST /api/t/:tenant/orders/:orderNumber/payment/refunds': { pages: ORDERS_MANAGE, need: 'manage' },
  'GET /api/t/:tenant/settings/notifications': { pages: ['settings/notifications'], need: 'view' },
  'PUT /api/t/:tenant/settings/notifications': { pages: ['settings/notifications'], need: 'manage' },
  'POST /api/t/:tenant/settings/notifications/test': { pages: ['settings/notifications'], need: 'manage' },
  'GET /api/t/:tenant/settings/invoices': { pages: ['settings/invoices'], need: 'view' },
  'PUT /api/t/:tenant/settings/invoices': { pages: ['settings/invoices'], need: 'manage' },
  'POST /api/t/:tenant/settings/invoices/check': { pages: ['settings/invoices'], need: 'manage' },
  'GET /api/t/:tenant/invoices': { pages: ['invoices'], need: 'view' },
  'POST /api/t/:tenant/invoices/:orderId/resend': { pages: ['invoices'], need: 'manage' },
  'POST /api/t/:tenant/invoices/:orderId/retry': { pages: ['invoices'], need: 'manage' },
  'GET /api/t/:tenant/customers': { pages: ['customers'], need: 'view' },
  'GET /api/t/:tenant/customers/:customerId': { pages: ['customers'], need: 'view' },
  'GET /api/t/:tenant/members': { pages: ['members'], need: 'view' },
  'GET /api/t/:tenant/members/:memberId': { pages: ['members'], need: 'view' },
  'PUT /api/t/:tenant/members/:memberId/tags': { pages: ['members'], need: 'manage' },
  'POST /api/t/:tenant/members/:memberId/points': { pages: ['members'], need: 'manage' },
  'POST /api/t/:tenant/members/export': { pages: ['members'], need: 'manage' },
  'GET /api/t/:tenant/members/records/points': { pages: ['members/records'], need: 'view' },
  'GET /api/t/:tenant/members/records/points.csv': { pages: ['members/records'], need: 'view' },
  'GET /api/t/:tenant/members/records/coupons': { pages: ['members/records'], need: 'view' },
  'GET /api/t/:tenant/members/records/coupons.csv': { pages: ['members/records'], need: 'view' },
  'GET /api/t/:tenant/members/analytics': { pages: ['members/analytics'], need: 'view' },
  'GET /api/t/:tenant/members/analytics.csv': { pages: ['members/analytics'], need: 'view' },
  'GET /api/t/:tenant/members/analytics/tags': { pages: ['members/tag-analytics'], need: 'view' },
  'GET /api/t/:tenant/members/analytics/tags.csv': { pages: ['members/tag-analytics'], need: 'view' },
  'GET /api/t/:tenant/member-points/rules': { pages: ['members/points'], need: 'view' },
  'POST /api/t/:tenant/member-points/rules': { pages: ['members/points'], need: 'manage' },
  'GET /api/t/:tenant/member-tiers': { pages: ['members/tiers', 'members'], need: 'view' },
  'POST /api/t/:tenant/member-tiers/preview': { pages: ['members/tiers'], need: 'manage' },
  'PUT /api/t/:tenant/member-tiers': { pages: ['members/tiers'], need: 'manage' },
  'GET /api/t/:tenant/member-tags': { pages: ['members/tags', 'members', 'promotions/campaigns', 'promotions/coupons'], need: 'view' },
  'POST /api/t/:tenant/member-tags': { pages: ['members/tags'], need: 'manage' },
  'PUT /api/t/:tenant/member-tags/:tagId': { pages: ['members/tags'], need: 'manage' },
  'DELETE /api/t/:tenant/member-tags/:tagId': { pages: ['members/tags'], need: 'manage' },
  'GET /api/t/:tenant/promotions': { pages: ['promotions'], need: 'view' },
  'POST /api/t/:tenant/promotions': { pages: ['promotions'], need: 'manage' },
  'PUT /api/t/:tenant/promotions/:promotionId': { pages: ['promotions'], need: 'manage' },
  'DELETE /api/t/:tenant/promotions/:promotionId': { pages: ['promotions'], need: 'manage' },
  'GET /api/t/:tenant/promo-codes': { pages: ['promotions/codes'], need: 'view' },
  'POST /api/t/:tenant/promo-codes': { pages: ['promotions/codes'], need: 'manage' },
  'GET /api/t/:tenant/coupons': { pages: ['promotions/coupons', 'promotions/campaigns', 'members'], need: 'view' },
  'POST /api/t/:tenant/coupons': { pages: ['promotions/coupons'], need: 'manage' },
  'POST /api/t/:tenant/coupons/:couponId/issue': { pages: ['promotions/coupons'], need: 'manage' },
  'PUT /api/t/:tenant/promo-codes/:codeId': { pages: ['promotions/codes'], need: 'manage' },
  'PUT /api/t/:tenant/coupons/:couponId': { pages: ['promotions/coupons'], need: 'manage' },
  'GET /api/t/:tenant/coupon-campaigns/:campaignId': { pages: ['promotions/campaigns'], need: 'view' },
  'PUT /api/t/:tenant/coupon-campaigns/:campaignId': { pages: ['promotions/campaigns'], need: 'manage' },
  'POST /api/t/:tenant/coupons/:couponId/issue/preview': { pages: ['promotions/coupons'], need: 'manage' },
  'GET /api/t/:tenant/coupons/:couponId/issues/:requestId': {
    pages: ['promotions/coupons', 'promotions/campaigns', 'members'],
    need: 'view',
  },
  'GET /api/t/:tenant/coupon-campaigns': { pages: ['promotions/campaigns'], need: 'view' },
  'POST /api/t/:tenant/coupon-campaigns': { pages: ['promotions/campaigns'], need: 'manage' },
  'PUT /api/t/:tenant/coupon-campaigns/:campaignId/paused': { pages: ['promotions/campaigns'], need: 'manage' },
  'GET /api/t/:tenant/dashboard': { pages: ['dashboard'], need: 'view' },
  'GET /api/t/:tenant/exports/products.csv': { pages: ['products'], need: 'view' },
  'GET /api/t/:tenant/exports/orders.csv': { pages: ['orders'], need: 'view' },
  'GET /api/t/:tenant/reports/transactions': { pages: ['reports/transactions'], need: 'view' },
  'GET /api/t/:tenant/reports/transactions.csv': { pages: ['reports/transactions'], need: 'view' },
  'GET /api/t/:tenant/reports/daily': { pages: ['reports/daily'], need: 'view' },
  'GET /api/t/:tenant/reports/daily.csv': { pages: ['reports/daily'], need: 'view' },
  'GET /api/t/:tenant/reports/products': { pages: ['reports/products', 'reports/branch-products'], need: 'view' },
  'GET /api/t/:tenant/reports/products.csv': { pages: ['reports/products', 'reports/branch-products'], need: 'view' },
  'GET /api/t/:tenant/products': { pages: CATALOG_READ, need: 'view' },
  'GET /api/t/:tenant/products/:productId': { pages: CATALOG_READ, need: 'view' },
  'POST /api/t/:tenant/products': { pages: ['products', 'menu'], need: 'manage' },
  'PATCH /api/t/:tenant/products/:productId': { pages: ['products', 'menu'], need: 'manage' },
  'DELETE /api/t/:tenant/products/:productId': { pages: ['products', 'menu'], need: 'manage' },
  'PUT /api/t/:tenant/products/:productId/image': { pages: ['products', 'menu'], need: 'manage' },
  'GET /api/t/:tenant/products/:productId/waitlist': { pages: ['products'], need: 'view' },
  'DELETE /api/t/:tenant/products/:productId/waitlist': { pages: ['products'], need: 'manage' },
  'GET /api/t/:tenant/team': { pages: ['team'], need: 'view' },
  'GET /api/t/:tenant/audit': { pages: ['team'], need: 'view' },
  'POST /api/t/:tenant/team/invitations': { pages: ['team'], need: 'manage' },
  'DELETE /api/t/:tenant/team/invitations/:invitationId': { pages: ['team'], need: 'manage' },
  'PATCH /api/t/:tenant/team/members/:staffId': { pages: ['team'], need: 'manage' },
  'DELETE /api/t/:tenant/team/members/:staffId': { pages: ['team'], need: 'manage' },
  'PUT /api/t/:tenant/team/members/:staffId/profile': { pages: ['team'], need: 'manage' },
  'PUT /api/t/:tenant/team/members/:staffId/pin': { pages: ['team'], need: 'manage' },
  'POST /api/t/:tenant/team/members/:staffId/deactivate': { pages: ['team'], need: 'manage' },
  'GET /api/t/:tenant/attendance': { pages: ['attendance'], need: 'view' },
  'GET /api/t/:tenant/attendance.csv': { pages: ['attendance'], need: 'view' },
  'PATCH /api/t/:tenant/attendance/shifts/:shiftId': { pages: ['attendance'], need: 'manage' },
  'GET /api/t/:tenant/attendance/devices': { pages: ['team', 'attendance'], need: 'view' },
  'POST /api/t/:tenant/attendance/devices': { pages: ['team'], need: 'manage' },
  'DELETE /api/t/:tenant/attendance/devices/:deviceId': { pages: ['team'], need: 'manage' },
  'GET /api/t/:tenant/support/menu-version': { pages: ['products', 'menu'], need: 'view' },
  'GET /api/t/:tenant/support/line': 'member',
  'POST /api/t/:tenant/support/menu-refresh': { pages: ['products', 'menu'], need: 'manage' },
  'GET /api/t/:tenant/settings/line': { pages: ['settings/line'], need: 'view' },
  'GET /api/t/:tenant/settings/line/quota': { pages: ['settings/line'], need: 'view' },
  'PUT /api/t/:tenant/settings/line': { pages: ['settings/line'], need: 'manage' },
  'POST /api/t/:tenant/settings/line/verify': { pages: ['settings/line'], need: 'manage' },
  'GET /api/t/:tenant/settings/line/rich-menu': { pages: ['settings/line'], need: 'view' },
  'GET /api/t/:tenant/settings/line/rich-menu/:kind/image': { pages: ['settings/line'], need: 'view' },
  'POST /api/t/:tenant/settings/line/rich-menu/apply': { pages: ['settings/line'], need: 'manage' },
  'GET /api/t/:tenant/settings/line/welcome-message': { pages: ['settings/line'], need: 'view' },
  'PUT /api/t/:tenant/settings/line/welcome-message': { pages: ['settings/line'], need: 'manage' },
  'GET /api/t/:tenant/settings/line/binding': 'member',
  'POST /api/t/:tenant/settings/line/binding/code': 'member',
  'DELETE /api/t/:tenant/settings/line/binding': 'member',
  'GET /api/t/:tenant/settings/line/notifications': { pages: ['settings/line'], need: 'view' },
  'PUT /api/t/:tenant/settings/line/notifications': { pages: ['settings/line'], need: 'manage' },
  'PUT /api/t/:tenant/settings/shop-kind': { pages: ['settings/shop'], need: 'manage' },
  'GET /api/t/:tenant/settings/store-profile': { pages: ['settings/shop'], need: 'view' },
  'PUT /api/t/:tenant/settings/store-profile': { pages: ['settings/shop'], need: 'manage' },
  'PUT /api/t/:tenant/settings/store-profile/:kind': { pages: ['settings/shop'], need: 'manage' },
  'DELETE /api/t/:tenant/settings/store-profile/:kind': { pages: ['settings/shop'], need: 'manage' },
  'GET /api/t/:tenant/branches': 'member',
  'POST /api/t/:tenant/branches': { pages: ['settings/branches'], need: 'manage' },
  'GET /api/t/:tenant/branches/:branchId': { pages: BRANCH_READ, need: 'view', branch: true },
  'PATCH /api/t/:tenant/branches/:branchId': { pages: ['settings/branches'], need: 'manage', branch: true },
  'DELETE /api/t/:tenant/branches/:branchId': { pages: ['settings/branches'], need: 'manage', branch: true },
  'PUT /api/t/:tenant/branches/:branchId/ordering': { pages: ORDERS_MANAGE, need: 'manage', branch: true },
  'GET /api/t/:tenant/branches/:branchId/pickup-methods': { pages: ['settings/pickup', 'settings/hours'], need: 'view', branch: true },
  'PUT /api/t/:tenant/branches/:branchId/pickup-methods': { pages: ['settings/pickup'], need: 'manage', branch: true },
  'GET /api/t/:tenant/branches/:branchId/delivery-quote': { pages: ['settings/pickup', 'settings/delivery'], need: 'view', branch: true },
  'GET /api/t/:tenant/branches/:branchId/business-hours': { pages: ['settings/hours'], need: 'view', branch: true },
  'PUT /api/t/:tenant/branches/:branchId/business-hours': { pages: ['settings/hours'], need: 'manage', branch: true },
  'GET /api/t/:tenant/branches/:branchId/order-slots': { pages: ['settings/hours', 'order-board', 'order-board/future'], need: 'view', branch: true },
  'GET /api/t/:tenant/branches/:branchId/qr-codes': { pages: ['settings/qr-codes'], need: 'view', branch: true },
  'GET /api/t/:tenant/branches/:branchId/qr.png': { pages: ['settings/qr-codes'], need: 'view', branch: true },
  'GET /api/t/:tenant/branches/:branchId/qr.svg': { pages: ['settings/qr-codes'], need: 'view', branch: true },
  'GET /api/t/:tenant/branches/:branchId/qr-sheet.pdf': { pages: ['settings/qr-codes'], need: 'view', branch: true },
  'GET /api/t/:tenant/menu/categories': { pages: CATALOG_READ, need: 'view' },
  'POST /api/t/:tenant/menu/categories': { pages: ['menu'], need: 'manage' },
  'PUT /api/t/:tenant/menu/categories/order': { pages: ['menu'], need: 'manage' },
  'PATCH /api/t/:tenant/menu/categories/:categoryId': { pages: ['menu'], need: 'manage' },
  'DELETE /api/t/:tenant/menu/categories/:categoryId': { pages: ['menu'], need: 'manage' },
  'GET /api/t/:tenant/menu/option-groups': { pages: CATALOG_READ, need: 'view' },
  'GET /api/t/:tenant/menu/items': { pages: CATALOG_READ, need: 'view' },
  'POST /api/t/:tenant/menu/option-groups': { pages: ['menu/option-groups'], need: 'manage' },
  'PUT /api/t/:tenant/menu/option-groups/:groupId': { pages: ['menu/option-groups'], need: 'manage' },
  'DELETE /api/t/:tenant/menu/option-groups/:groupId': { pages: ['menu/option-groups'], need: 'manage' },
  'GET /api/t/:tenant/products/:productId/menu': { pages: CATALOG_READ, need: 'view' },
  'PATCH /api/t/:tenant/products/:productId/menu': { pages: ['menu', 'products'], need: 'manage' },
  'PUT /api/t/:tenant/branches/:branchId/products/:productId': { pages: ['menu', 'products'], need: 'manage', branch: true },
  'GET /api/t/:tenant/branches/:branchId/daily-ops': { pages: ['daily/stock', 'daily/pauses', 'daily/capacity'], need: 'view', branch: true },
  'PUT /api/t/:tenant/branches/:branchId/items/:productId/stock': { pages: ['daily/stock'], need: 'manage', branch: true },
  'POST /api/t/:tenant/branches/:branchId/items/:productId/stock/adjust': { pages: ['daily/stock'], need: 'manage', branch: true },
  'POST /api/t/:tenant/branches/:branchId/items/:productId/pause': { pages: ['daily/pauses'], need: 'manage', branch: true },
  'POST /api/t/:tenant/branches/:branchId/items/:productId/resume': { pages: ['daily/pauses'], need: 'manage', branch: true },
  'POST /api/t/:tenant/branches/:branchId/choices/:choiceId/pause': { pages: ['daily/pauses'], need: 'manage', branch: true },
  'POST /api/t/:tenant/branches/:branchId/choices/:choiceId/resume': { pages: ['daily/pauses'], need: 'manage', branch: true },
  'PUT /api/t/:tenant/branches/:branchId/capacity': { pages: ['daily/capacity'], need: 'manage', branch: true },
  'PUT /api/t/:tenant/branches/:branchId/items/:productId/capacity': { pages: ['daily/capacity'], need: 'manage', branch: true },
  'GET /api/t/:tenant/branches/:branchId/board': { pages: ['order-board'], need: 'view', branch: true },
  'GET /api/t/:tenant/branches/:branchId/board/stream': { pages: ['order-board'], need: 'view', branch: true },
  'POST /api/t/:tenant/branches/:branchId/board/:orderId/:action': { pages: ['order-board'], need: 'manage', branch: true },
  'GET /api/t/:tenant/branches/:branchId/future-orders': { pages: ['order-board/future'], need: 'view', branch: true },
  'GET /api/t/:tenant/branches/:branchId/order-handling': { pages: ['settings/order-handling'], need: 'view', branch: true },
  'PUT /api/t/:tenant/branches/:branchId/order-handling': { pages: ['settings/order-handling'], need: 'manage', branch: true },
  'GET /api/t/:tenant/branches/:branchId/printers': { pages: ['settings/printers', 'order-board'], need: 'view', branch: true },
  'POST /api/t/:tenant/branches/:branchId/printers': { pages: ['settings/printers'], need: 'manage', branch: true },
  'PUT /api/t/:tenant/branches/:branchId/printers/:printerId': { pages: ['settings/printers'], need: 'manage', branch: true },
  'DELETE /api/t/:tenant/branches/:branchId/printers/:printerId': { pages: ['settings/printers'], need: 'manage', branch: true },
  'POST /api/t/:tenant/branches/:branchId/printers/:printerId/test-page': { pages: ['settings/printers'], need: 'manage', branch: true },
  'GET /api/t/:tenant/branches/:branchId/printers/:printerId/sample.png': { pages: ['settings/printers'], need: 'view', branch: true },
  'PUT /api/t/:tenant/settings/printing': { pages: ['settings/printers'], need: 'manage' },
  'POST /api/t/:tenant/branches/:branchId/orders/:orderId/reprint': { pages: ORDERS_MANAGE, need: 'manage', branch: true },
  'GET /api/t/:tenant/branches/:branchId/ubereats': { pages: ['settings/ubereats'], need: 'view', branch: true },
  'PUT /api/t/:tenant/branches/:branchId/ubereats': { pages: ['settings/ubereats'], need: 'manage', branch: true },
  'DELETE /api/t/:tenant/branches/:branchId/ubereats': { pages: ['settings/ubereats'], need: 'manage', branch: true },
  'POST /api/t/:tenant/branches/:branchId/ubereats/menu-sync': { pages: ['settings/ubereats'], need: 'manage', branch: true },
  'GET /api/t/:tenant/branches/:branchId/delivery-settings': { pages: ['settings/delivery'], need: 'view', branch: true },
  'PUT /api/t/:tenant/branches/:branchId/delivery-settings': { pages: ['settings/delivery'], need: 'manage', branch: true },
  'DELETE /api/t/:tenant/branches/:branchId/delivery-settings': { pages: ['settings/delivery'], need: 'manage', branch: true },
};

/**
 * A request body for each state-changing route that gets past the guard but is refused by the
 * route itself (so even an allowed call changes nothing and the tables stay comparable).
 */
const HARMLESS_BODY: Record<string, unknown> = {
  // No such audience: refused before anything is counted.
  'POST /api/t/:tenant/coupons/:couponId/issue/preview': { audience: 'everyone' },
  // Edits with a blank name or code: refused before anything is written.
  'PUT /api/t/:tenant/promo-codes/:codeId': { code: '' },
  'PUT /api/t/:tenant/coupons/:couponId': { name: '' },
  'PUT /api/t/:tenant/coupon-campaigns/:campaignId': { name: '' },
  // Members: a word for a number or a missing field, refused before any write (and before the export's audit line).
  'PUT /api/t/:tenant/members/:memberId/tags': { tagIds: 'all' },
  'POST /api/t/:tenant/members/:memberId/points': { points: 0 },
  'POST /api/t/:tenant/members/export': { fields: 'everything' },
  'POST /api/t/:tenant/member-points/rules': { spendPerPoint: 'lots' },
  'POST /api/t/:tenant/member-tiers/preview': { tiers: 'gold' },
  'PUT /api/t/:tenant/member-tiers': { tiers: 'gold' },
  'POST /api/t/:tenant/member-tags': { name: '' },
  'PUT /api/t/:tenant/member-tags/:tagId': { name: '' },
  // No name: refused before anything is written.
  'POST /api/t/:tenant/promotions': { name: '' },
  'PUT /api/t/:tenant/promotions/:promotionId': { name: '' },
  'POST /api/t/:tenant/promo-codes': { code: '' },
  'POST /api/t/:tenant/coupons': { name: '' },
  'POST /api/t/:tenant/coupons/:couponId/issue': { audience: 'everyone' },
  'POST /api/t/:tenant/coupon-campaigns': { name: '' },
  'PUT /api/t/:tenant/coupon-campaigns/:campaignId/paused': { paused: 'yes' },
  'POST /api/t/:tenant/orders/:orderNumber/status': { to: 'teleported' },
  // An empty note and a message with no request ID are refused before anything is written or sent.
  'POST /api/t/:tenant/orders/:orderNumber/notes': { body: '   ' },
  'POST /api/t/:tenant/orders/:orderNumber/messages': { template: 'shipped' },
  'POST /api/t/:tenant/team/invitations': { displayName: '', role: 'staff' },
  'PATCH /api/t/:tenant/team/members/:staffId': { role: 'emperor' },
  'PUT /api/t/:tenant/team/members/:staffId/profile': { jobTitle: '很長的職稱'.repeat(5) },
  'PUT /api/t/:tenant/team/members/:staffId/pin': { pin: '12' },
  // Not confirmed: refused before anyone is deactivated.
  'POST /api/t/:tenant/team/members/:staffId/deactivate': { confirm: 'maybe' },
  'PATCH /api/t/:tenant/attendance/shifts/:shiftId': { reason: '' },
  'POST /api/t/:tenant/attendance/devices': { name: '' },
  // Not an empty body: refused before the menu version moves.
  'POST /api/t/:tenant/support/menu-refresh': { please: true },
  'POST /api/t/:tenant/products': {},
  'POST /api/t/:tenant/branches/:branchId/printers': {},
  'PUT /api/t/:tenant/settings/printing': { autoAcceptAfterPrint: 'yes' },
  'PATCH /api/t/:tenant/products/:productId': { price: 'free' },
  // JSON, not an image: the upload is refused as not a JPG or PNG.
  'PUT /api/t/:tenant/products/:productId/image': {},
  // Not digits: refused before anything is stored.
  'PUT /api/t/:tenant/settings/line': { channelId: 'not-a-number' },
  // Verify only reads the stored settings and asks LINE.
  'POST /api/t/:tenant/settings/line/verify': {},
  'POST /api/t/:tenant/settings/line/rich-menu/apply': { now: 'please' },
  'PUT /api/t/:tenant/settings/line/welcome-message': { welcomeMessage: 42 },
  // Not an empty body: refused before a code is made.
  'POST /api/t/:tenant/settings/line/binding/code': { please: true },
  // The callers are not bound to LINE: unbinding changes nothing.
  'DELETE /api/t/:tenant/settings/line/binding': {},
  'PUT /api/t/:tenant/settings/line/notifications': { notifyNewOrders: 'yes' },
  'PUT /api/t/:tenant/settings/shop-kind': { kind: 'cafe' },
  'PUT /api/t/:tenant/settings/store-profile': { displayName: '' },
  // JSON, not a picture (and no such kind as a random ID): refused before anything is stored.
  'PUT /api/t/:tenant/settings/store-profile/:kind': {},
  'PUT /api/t/:tenant/settings/orders': { reservationHoldMinutes: 0, attentionAfterMinutes: 10 },
  // No such limit as 7 months: refused before anything is written.
  'PUT /api/t/:tenant/settings/system': { adminLocale: 'en', customerRetentionMonths: 7 },
  // No plan named: refused before Stripe is asked (and this server bills nobody).
  'POST /api/t/:tenant/billing/checkout': { planCode: '' },
  'POST /api/t/:tenant/billing/portal': {},
  // This server has no Stripe: neither makes an account nor a link.
  'POST /api/t/:tenant/payments/stripe-account/onboarding': {},
  'POST /api/t/:tenant/payments/stripe-account/dashboard': {},
  'PUT /api/t/:tenant/settings/payments': { pickup: 'cash' },
  // Not an empty body: refused before any order is looked up.
  'POST /api/t/:tenant/orders/:orderNumber/payment/transfer-received': { please: true },
  // No amount: refused before Stripe is asked.
  'POST /api/t/:tenant/orders/:orderNumber/payment/refunds': { reason: '缺貨' },
  'PUT /api/t/:tenant/settings/notifications': { newOrder: 'yes' },
  // Not an empty body: refused before anything is sent.
  'POST /api/t/:tenant/settings/notifications/test': { please: true },
  'POST /api/t/:tenant/branches': { name: '' },
  // A latitude without its longitude: refused before anything is written.
  'PATCH /api/t/:tenant/branches/:branchId': { latitude: 25.03 },
  'PUT /api/t/:tenant/branches/:branchId/ordering': { status: 'closed' },
  'PUT /api/t/:tenant/branches/:branchId/pickup-methods': { pickupEnabled: 'yes' },
  'PUT /api/t/:tenant/branches/:branchId/business-hours': { week: 'mon' },
  // Menu changes with a blank name, a stale order or a fractional price: refused before any write.
  'POST /api/t/:tenant/menu/categories': { name: '' },
  'PUT /api/t/:tenant/menu/categories/order': { ids: 'all' },
  'PATCH /api/t/:tenant/menu/categories/:categoryId': { name: '' },
  'POST /api/t/:tenant/menu/option-groups': { name: '' },
  'PUT /api/t/:tenant/menu/option-groups/:groupId': { name: '' },
  'PATCH /api/t/:tenant/products/:productId/menu': {},
  'PUT /api/t/:tenant/branches/:branchId/products/:productId': { available: true, price: 0.5 },
  // 日常營運: a word for a number, a zero step, a made-up end, a body on resume: refused before any write.
  'PUT /api/t/:tenant/branches/:branchId/items/:productId/stock': { quantity: 'lots', dailyQuantity: null },
  'POST /api/t/:tenant/branches/:branchId/items/:productId/stock/adjust': { delta: 0 },
  'POST /api/t/:tenant/branches/:branchId/items/:productId/pause': { until: 'someday' },
  'POST /api/t/:tenant/branches/:branchId/items/:productId/resume': { please: true },
  'POST /api/t/:tenant/branches/:branchId/choices/:choiceId/pause': { until: 'someday' },
  'POST /api/t/:tenant/branches/:branchId/choices/:choiceId/resume': { please: true },
  'PUT /api/t/:tenant/branches/:branchId/capacity': { maxOrdersPerSlot: 0 },
  'PUT /api/t/:tenant/branches/:branchId/items/:productId/capacity': { maxPerSlot: 0 },
  // 訂單處理: no such action or order, a limit of 0 minutes: refused before any write.
  'POST /api/t/:tenant/branches/:branchId/board/:orderId/:action': { reason: '' },
  'PUT /api/t/:tenant/branches/:branchId/order-handling': { acceptWithinMinutes: 0 },
  // Uber Eats 整合 without a store ID: refused before anything is sealed or written.
  'PUT /api/t/:tenant/branches/:branchId/ubereats': { storeId: '' },
  'POST /api/t/:tenant/branches/:branchId/ubereats/menu-sync': { please: true },
  // 外送物流設定 without an API key: refused before anything is sealed or written.
  'PUT /api/t/:tenant/branches/:branchId/delivery-settings': { apiKey: '' },
};

interface Caller {
  label: string;
  role: Role | null;
  permissions?: Partial<Permissions>;
  /** A member's session; for 'no session', a browser's pre-session CSRF cookie and token (so the guard, not CSRF, answers). */
  session?: Pick<TestSession, 'headers'>;
}

async function anonymousBrowser(): Promise<Pick<TestSession, 'headers'>> {
  const response = await fetch(`${server.baseUrl}/api/auth/csrf`);
  const cookie = response.headers.getSetCookie()[0]!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { headers: { cookie, 'x-csrf-token': csrfToken } };
}

let server: AuthServer;
let shopA: { id: string; slug: string };
let shopB: { id: string; slug: string };
const ids: Record<string, string> = {};
const idsOfB: Record<string, string> = {};
let callers: Caller[];
let outsider: TestSession;

async function seedShop(tenant: { id: string; slug: string }, into: Record<string, string>, prefix: string) {
  const customer = await server.db.customer.create({
    data: { tenantId: tenant.id, lineUserId: `U${prefix}customer`, displayName: '王小明' },
  });
  const product = await server.db.product.create({
    data: { tenantId: tenant.id, code: '261122001', name: '桂花烏龍', price: 350, stock: 10 },
  });
  const order = await server.db.order.create({
    data: {
      tenantId: tenant.id,
      number: `${prefix}-20261122-0001`,
      customerId: customer.id,
      status: 'pending',
      total: 350,
      sourceEventId: `evt-${prefix}`,
      workflowId: `wf-${prefix}`,
      items: {
        create: {
          tenantId: tenant.id,
          productId: product.id,
          productCode: '261122001',
          productName: '桂花烏龍',
          unitPrice: 350,
          requestedQuantity: 1,
          allocatedQuantity: 1,
        },
      },
    },
  });
  const someone = await createMember(server.db, tenant.id, { role: 'staff', displayName: `${prefix} 店員` });
  const branch = await server.db.branch.create({
    data: { tenantId: tenant.id, name: `${prefix} 本店`, address: '台北市信義區松高路 11 號', phone: '0223456789' },
  });
  const invitation = await server.db.invitation.create({
    data: {
      tenantId: tenant.id,
      tokenHash: createHash('sha256').update(randomUUID()).digest('hex'),
      displayName: '受邀者',
      role: 'staff',
      invitedById: someone.userId,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const category = await server.db.menuCategory.create({ data: { tenantId: tenant.id, name: '麵食' } });
  const group = await server.db.optionGroup.create({
    data: { tenantId: tenant.id, name: '加購', required: false, multiple: true, minSelect: 0, maxSelect: 1 },
  });
  await server.db.optionChoice.create({
    data: { tenantId: tenant.id, groupId: group.id, name: '加蛋', priceDelta: 15 },
  });
  Object.assign(into, {
    categoryId: category.id,
    groupId: group.id,
    orderId: order.id,
    orderNumber: order.number,
    customerId: customer.id,
    productId: product.id,
    staffId: someone.staffId,
    invitationId: invitation.id,
    branchId: branch.id,
  });
}

beforeAll(async () => {
  server = await startAuthServer('route_permissions');
  shopA = await createTenant(server.db, 'shop-alpha', '甲店');
  // A shop that both sells by "+1" and runs a restaurant has every page, so every route is open to someone.
  await server.db.tenant.update({ where: { id: shopA.id }, data: { kind: 'both' } });
  shopB = await createTenant(server.db, 'shop-beta', '乙店');
  await seedShop(shopA, ids, 'ALPH');
  await seedShop(shopB, idsOfB, 'BETA');

  callers = [
    { label: 'no session', role: null },
    { label: 'owner', role: 'owner' },
    { label: 'manager', role: 'manager' },
    { label: 'staff (defaults)', role: 'staff' },
    {
      label: 'staff with no access',
      role: 'staff',
      permissions: Object.fromEntries(PAGE_KEYS.map((page) => [page, 'none'])),
    },
    {
      label: 'staff who may only look',
      role: 'staff',
      permissions: Object.fromEntries(PAGE_KEYS.map((page) => [page, 'view'])),
    },
    // Page by page: without 訂單管理 the board still reaches orders; without the board too, not.
    {
      label: 'manager without some pages',
      role: 'manager',
      permissions: { orders: 'none', 'order-board': 'view', 'members/points': 'none', 'reports/daily': 'none' },
    },
  ];
  for (const caller of callers) {
    if (!caller.role) {
      caller.session = await anonymousBrowser();
      continue;
    }
    const member = await createMember(server.db, shopA.id, {
      role: caller.role,
      ...(caller.permissions ? { permissions: caller.permissions } : {}),
    });
    caller.session = await createSession(server.db, server.config, member.userId);
  }
  const other = await createMember(server.db, shopB.id, { role: 'owner', displayName: '乙店店主' });
  outsider = await createSession(server.db, server.config, other.userId);
}, 120_000);
afterAll(() => server?.close());

function tenantRoutes(): { key: string; method: string; url: string }[] {
  return server.app.jiayiAuth.routes
    .filter((r) => r.url.startsWith('/api/t/:tenant/'))
    .map((r) => ({ key: `${r.method} ${r.url}`, method: r.method, url: r.url }));
}

function fill(url: string, slug: string, values: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_, name: string) => (name === 'tenant' ? slug : (values[name] ?? randomUUID())));
}

async function call(
  method: string,
  url: string,
  session: Pick<TestSession, 'headers'> | undefined,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const aborts = new AbortController();
  const response = await fetch(`${server.baseUrl}${url}`, {
    method,
    headers: { ...(session?.headers ?? {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: aborts.signal,
  });
  let json: Record<string, unknown> = {};
  if ((response.headers.get('content-type') ?? '').startsWith('application/json'))
    json = (await response.json()) as Record<string, unknown>;
  aborts.abort(); // event streams and CSV downloads: the status is all we need
  await response.body?.cancel().catch(() => {});
  return { status: response.status, json };
}

/** Everything a refused request must leave alone (sessions and the audit log aside). */
async function snapshot(): Promise<string> {
  const rows = await server.db.$queryRaw<{ t: string }[]>`
    SELECT md5(string_agg(x, '|' ORDER BY x)) AS t FROM (
      SELECT 'tenant:' || row(t.*)::text AS x FROM tenants t
      UNION ALL SELECT 'staff:' || row(s.*)::text FROM staff s
      UNION ALL SELECT 'invitation:' || row(i.*)::text FROM invitations i
      UNION ALL SELECT 'order:' || row(o.*)::text FROM orders o
      UNION ALL SELECT 'product:' || row(p.*)::text FROM products p
      UNION ALL SELECT 'customer:' || row(c.*)::text FROM customers c
      UNION ALL SELECT 'user:' || row(u.*)::text FROM users u
      UNION ALL SELECT 'rich_menus:' || row(r.*)::text FROM line_rich_menus r
      UNION ALL SELECT 'note:' || row(n.*)::text FROM order_notes n
      UNION ALL SELECT 'event:' || row(e.*)::text FROM order_events e
      UNION ALL SELECT 'branch:' || row(b.*)::text FROM branches b
      UNION ALL SELECT 'staff_branch:' || row(sb.*)::text FROM staff_branches sb
      UNION ALL SELECT 'pickup:' || row(pm.*)::text FROM branch_pickup_methods pm
      UNION ALL SELECT 'store_profile:' || row(sp.*)::text FROM store_profiles sp
      UNION ALL SELECT 'hours:' || row(bh.*)::text FROM branch_business_hours bh
      UNION ALL SELECT 'menu_category:' || row(mc.*)::text FROM menu_categories mc
      UNION ALL SELECT 'option_group:' || row(og.*)::text FROM option_groups og
      UNION ALL SELECT 'option_choice:' || row(oc.*)::text FROM option_choices oc
      UNION ALL SELECT 'product_option_group:' || row(pg.*)::text FROM product_option_groups pg
      UNION ALL SELECT 'branch_product:' || row(bp.*)::text FROM branch_products bp
      UNION ALL SELECT 'branch_item_stock:' || row(bs.*)::text FROM branch_item_stock bs
      UNION ALL SELECT 'branch_capacity:' || row(bc.*)::text FROM branch_capacity bc
      UNION ALL SELECT 'branch_item_pause:' || row(ip.*)::text FROM branch_item_pauses ip
      UNION ALL SELECT 'branch_choice_pause:' || row(cp.*)::text FROM branch_choice_pauses cp
      UNION ALL SELECT 'order_handling:' || row(oh.*)::text FROM branch_order_handling oh
      UNION ALL SELECT 'shift:' || row(sh.*)::text FROM attendance_shifts sh
      UNION ALL SELECT 'device:' || row(d.*)::text FROM shop_devices d
    ) all_rows`;
  return `${rows[0]!.t}/${server.statusUpdates.length}`;
}

describe('every admin API route of a shop', () => {
  it('is in the table above, guarded as the table says (a new route must be added)', () => {
    const routes = tenantRoutes();
    expect(routes.map((r) => r.key).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const route of server.app.jiayiAuth.routes.filter((r) => r.url.startsWith('/api/t/:tenant/'))) {
      const expected = EXPECTED[`${route.method} ${route.url}`];
      expect(route.guard, route.url).toEqual(
        expected === 'member' ? { kind: 'member' } : { kind: 'page', ...expected },
      );
    }
  });

  it('answers each caller exactly as their role allows, and a refusal changes nothing', async () => {
    const results: string[] = [];
    for (const { key, method, url } of tenantRoutes()) {
      const expected = EXPECTED[key]!;
      for (const caller of callers) {
        const before = await snapshot();
        const body = method === 'GET' ? undefined : (HARMLESS_BODY[key] ?? {});
        const permissions = caller.role ? effectivePermissions(caller.role, caller.permissions) : null;
        const allowed =
          permissions !== null && (expected === 'member' || can(permissions, expected.pages, expected.need));
        // Refused callers aim at real rows; an allowed DELETE aims at an ID that does not exist.
        const target = allowed && method === 'DELETE' ? {} : ids;
        const { status, json } = await call(method, fill(url, shopA.slug, target), caller.session, body);
        const what = `${key} as ${caller.label}`;
        if (!caller.role) {
          expect(status, what).toBe(401);
          expect(json.code, what).toBe('unauthenticated');
        } else if (!allowed) {
          expect(status, what).toBe(403);
          expect(json, what).toMatchObject({ code: 'forbidden', pages: (expected as { pages: readonly PageKey[] }).pages });
        } else {
          expect([401, 403], what).not.toContain(status);
          expect(json.message, what).not.toBe('找不到這個商店 (no shop with this address)');
        }
        if (!allowed || method !== 'GET') expect(await snapshot(), `${what}: nothing may change`).toBe(before);
        results.push(`${status}`);
      }
    }
    expect(results.length).toBe(Object.keys(EXPECTED).length * callers.length);
    // Every route times every caller, each with a database snapshot: minutes on a busy machine.
  }, 300_000);

  it('refused state-changing calls are in the audit log as access.denied', async () => {
    const denied = await server.db.auditLog.findMany({ where: { tenantId: shopA.id, action: 'access.denied' } });
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((d) => d.targetType === 'route' && (d.data as { status: number }).status === 403)).toBe(true);
  });
});

describe('tenant isolation', () => {
  it('a member of another shop gets 404 on every route of this one, and changes nothing', async () => {
    for (const { key, method, url } of tenantRoutes()) {
      const before = await snapshot();
      const body = method === 'GET' ? undefined : (HARMLESS_BODY[key] ?? {});
      const { status, json } = await call(method, fill(url, shopA.slug, ids), outsider, body);
      expect(status, key).toBe(404);
      expect(json, key).toEqual({ code: 'not_found', message: '找不到這個商店 (no shop with this address)' });
      expect(await snapshot(), key).toBe(before);
    }
  });

  it('an unknown shop looks exactly like someone else’s', async () => {
    const unknown = await call('GET', '/api/t/no-such-shop/orders', outsider);
    const foreign = await call('GET', `/api/t/${shopA.slug}/orders`, outsider);
    expect(unknown).toEqual(foreign);
  });

  it('the other shop’s IDs under one’s own shop are not found, and nothing changes', async () => {
    const owner = callers.find((c) => c.label === 'owner')!.session!;
    const before = await snapshot();
    const tries: [string, string, unknown?][] = [
      ['GET', `/api/t/${shopA.slug}/orders/${idsOfB.orderId}`],
      ['POST', `/api/t/${shopA.slug}/orders/${idsOfB.orderNumber}/status`, { to: 'cancelled' }],
      ['GET', `/api/t/${shopA.slug}/orders/${idsOfB.orderNumber}/detail`],
      ['POST', `/api/t/${shopA.slug}/orders/${idsOfB.orderNumber}/notes`, { body: '別家店的備註' }],
      [
        'POST',
        `/api/t/${shopA.slug}/orders/${idsOfB.orderNumber}/messages`,
        { requestId: randomUUID(), text: '別家店的訊息' },
      ],
      ['GET', `/api/t/${shopA.slug}/customers/${idsOfB.customerId}`],
      ['GET', `/api/t/${shopA.slug}/products/${idsOfB.productId}`],
      ['PATCH', `/api/t/${shopA.slug}/products/${idsOfB.productId}`, { name: '偷改的名字' }],
      ['DELETE', `/api/t/${shopA.slug}/products/${idsOfB.productId}`],
      ['PATCH', `/api/t/${shopA.slug}/team/members/${idsOfB.staffId}`, { role: 'owner' }],
      ['DELETE', `/api/t/${shopA.slug}/team/members/${idsOfB.staffId}`],
      ['DELETE', `/api/t/${shopA.slug}/team/invitations/${idsOfB.invitationId}`],
      ['GET', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}`],
      ['PATCH', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}`, { name: '偷改的分店' }],
      ['DELETE', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}`],
      ['PUT', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/ordering`, { status: 'paused' }],
      ['GET', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/pickup-methods`],
      ['GET', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/delivery-quote?subtotal=1`],
      ['GET', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/business-hours`],
      [
        'PUT',
        `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/business-hours`,
        { week: Array.from({ length: 7 }, () => []), special: [], orderAheadDays: 0, confirm: true },
      ],
      ['GET', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/order-slots?method=pickup`],
      ['GET', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/qr-codes`],
      ['GET', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/qr.png`],
      ['GET', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/daily-ops`],
      ['GET', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/board`],
      ['POST', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/board/${idsOfB.orderId}/accept`, {}],
      ['POST', `/api/t/${shopA.slug}/branches/${ids.branchId}/board/${idsOfB.orderId}/accept`, {}],
      ['GET', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/future-orders`],
      ['GET', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/order-handling`],
      [
        'PUT',
        `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/order-handling`,
        { acceptWithinMinutes: 5, remindAfterMinutes: 1, autoAccept: true, pickupReminderMinutes: 0 },
      ],
      ['POST', `/api/t/${shopA.slug}/branches/${ids.branchId}/items/${idsOfB.productId}/pause`, { until: 'today' }],
      ['POST', `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/items/${ids.productId}/pause`, { until: 'today' }],
      [
        'PUT',
        `/api/t/${shopA.slug}/branches/${ids.branchId}/items/${idsOfB.productId}/stock`,
        { quantity: 0, dailyQuantity: null },
      ],
      ['PATCH', `/api/t/${shopA.slug}/menu/categories/${idsOfB.categoryId}`, { name: '偷改的分類' }],
      ['DELETE', `/api/t/${shopA.slug}/menu/categories/${idsOfB.categoryId}`],
      [
        'PUT',
        `/api/t/${shopA.slug}/menu/option-groups/${idsOfB.groupId}`,
        { name: '偷改', required: false, multiple: false, choices: [{ name: '甲', priceDelta: 0 }] },
      ],
      ['DELETE', `/api/t/${shopA.slug}/menu/option-groups/${idsOfB.groupId}`],
      ['GET', `/api/t/${shopA.slug}/products/${idsOfB.productId}/menu`],
      ['PATCH', `/api/t/${shopA.slug}/products/${idsOfB.productId}/menu`, { tags: ['辣'] }],
      [
        'PUT',
        `/api/t/${shopA.slug}/branches/${idsOfB.branchId}/products/${ids.productId}`,
        { available: false, price: null },
      ],
      [
        'PUT',
        `/api/t/${shopA.slug}/branches/${ids.branchId}/products/${idsOfB.productId}`,
        { available: false, price: null },
      ],
      [
        'PATCH',
        `/api/t/${shopA.slug}/team/members/${ids.staffId}`,
        { branches: { all: false, branchIds: [idsOfB.branchId] } },
      ],
    ];
    for (const [method, url, body] of tries) {
      const { status } = await call(method, url, owner, body);
      expect(status, `${method} ${url}`).toBe(404);
    }
    expect(await snapshot()).toBe(before);
    // The shop's own list never shows the other shop's rows.
    const list = await call('GET', `/api/t/${shopA.slug}/orders`, owner);
    expect((list.json.orders as { id: string }[]).map((o) => o.id)).toEqual([ids.orderId]);
    const team = await call('GET', `/api/t/${shopA.slug}/team`, owner);
    expect((team.json.members as { id: string }[]).some((m) => m.id === idsOfB.staffId)).toBe(false);
    const branches = await call('GET', `/api/t/${shopA.slug}/branches`, owner);
    expect((branches.json.branches as { id: string }[]).map((b) => b.id)).toEqual([ids.branchId]);
  });

  it('the allowed status change reaches only this shop’s order workflow, as this member', async () => {
    const owner = callers.find((c) => c.label === 'owner')!.session!;
    const ok = await call('POST', `/api/t/${shopA.slug}/orders/${ids.orderNumber}/status`, owner, { to: 'confirmed' });
    expect(ok.status).toBe(200);
    expect(server.statusUpdates.at(-1)).toMatchObject({
      workflowId: 'wf-ALPH',
      input: { to: 'confirmed', actor: expect.stringMatching(/^staff:/) },
    });
    const audit = await server.db.auditLog.findFirstOrThrow({
      where: { action: 'order.status_change', targetId: ids.orderNumber },
    });
    expect(audit).toMatchObject({ tenantId: shopA.id, data: { from: 'pending', to: 'confirmed' } });
  });
});
