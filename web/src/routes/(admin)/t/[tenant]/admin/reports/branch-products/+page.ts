import type { ProductReport } from '#lib/api.ts';
import { apiQuery, loadClosing, loadReport, reportView } from '#lib/insights/report-view.ts';
import type { PageLoad } from './$types';

/** 分店產品銷售統計: the same figures as 產品銷售統計, shown per branch side by side. */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const view = reportView(url);
  const [report, closing] = await Promise.all([
    loadReport<ProductReport>(fetch, params.tenant, 'products', apiQuery(view)),
    loadClosing(fetch, params.tenant, view),
  ]);
  return { view, report, closing };
};
