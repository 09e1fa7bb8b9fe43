import type { ProductReport } from '#lib/api.ts';
import { apiQuery, loadClosing, loadReport, reportView } from '#lib/insights/report-view.ts';
import type { PageLoad } from './$types';

/** 產品銷售統計 for the range and branch in the URL. */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const view = reportView(url);
  const [report, closing] = await Promise.all([
    loadReport<ProductReport>(fetch, params.tenant, 'products', apiQuery(view)),
    loadClosing(fetch, params.tenant, view),
  ]);
  return { view, report, closing };
};
