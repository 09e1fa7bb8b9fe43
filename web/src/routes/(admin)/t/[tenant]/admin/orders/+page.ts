import { error } from '@sveltejs/kit';
import { ApiError, fetchOrderPage } from '#lib/api.ts';
import { isOrderStatus } from '#lib/domain.ts';
import type { OrderFilter } from '#lib/orders/live-orders.svelte.ts';
import type { PageLoad } from './$types';

/**
 * The first page of orders, from the JSON API (on the server during SSR, then in the browser),
 * narrowed by the address's ?q= and ?status=, so a reload, Back or a shared link keeps the filter.
 */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const status = url.searchParams.get('status');
  const filter: OrderFilter = {
    q: (url.searchParams.get('q') ?? '').trim().slice(0, 100),
    status: isOrderStatus(status) ? status : null,
  };
  try {
    return { page: await fetchOrderPage(fetch, params.tenant, filter), filter };
  } catch (cause) {
    if (cause instanceof ApiError) {
      if (cause.status === 404) error(404, cause.message, { code: 'shop_not_found' });
      if (cause.status === 403) error(403, cause.message, { code: cause.code });
    }
    throw cause;
  }
};
