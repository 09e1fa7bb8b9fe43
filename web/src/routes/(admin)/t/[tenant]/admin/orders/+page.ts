import { error } from '@sveltejs/kit';
import { ApiError, fetchOrderPage } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The first page of orders, from the JSON API (on the server during SSR, then in the browser). */
export const load: PageLoad = async ({ fetch, params }) => {
  try {
    return { page: await fetchOrderPage(fetch, params.tenant) };
  } catch (cause) {
    if (cause instanceof ApiError) {
      if (cause.status === 404) error(404, cause.message, { code: 'shop_not_found' });
      if (cause.status === 403) error(403, cause.message, { code: cause.code });
    }
    throw cause;
  }
};
