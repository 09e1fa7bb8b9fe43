import { loadOrderPage } from '#lib/storefront/menu/load-order-page.ts';
import type { PageLoad } from './$types';

/** A branch's menu at one table (its QR code): the order is for dine-in there. */
export const load: PageLoad = ({ fetch, params }) => loadOrderPage(fetch, params);
