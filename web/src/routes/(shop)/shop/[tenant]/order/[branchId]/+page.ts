import { loadOrderPage } from '#lib/storefront/menu/load-order-page.ts';
import type { PageLoad } from './$types';

/** A branch's menu for pickup or delivery. */
export const load: PageLoad = ({ fetch, params }) => loadOrderPage(fetch, params);
