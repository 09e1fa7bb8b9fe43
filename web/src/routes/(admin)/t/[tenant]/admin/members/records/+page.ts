import { required } from '#lib/storefront/load-shop.ts';
import { readRecordFilters } from '#lib/members/record-filters.ts';
import { fetchRecordPage } from '#lib/members/record-page.ts';
import type { PageLoad } from './$types';

/** 點數 / 發券記錄: the first page of the URL's tab for its filters. */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const filters = readRecordFilters(url.searchParams);
  return { filters, page: required(await fetchRecordPage(params.tenant, filters, { fetcher: fetch })) };
};
