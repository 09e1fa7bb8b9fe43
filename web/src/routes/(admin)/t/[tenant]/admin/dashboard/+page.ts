import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { Dashboard } from '#lib/api.ts';
import { dayKeyToIsoDate, reportRangeFromQuery } from '#lib/domain.ts';
import type { PageLoad } from './$types';

/** The dashboard for the range in the URL (?days=7|30|90 or ?from=&to=; the last 30 days by default). */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const range = reportRangeFromQuery(
    { days: url.searchParams.get('days'), from: url.searchParams.get('from'), to: url.searchParams.get('to') },
    new Date(),
  );
  const query = new URLSearchParams({ from: dayKeyToIsoDate(range.from), to: dayKeyToIsoDate(range.to) });
  const result = await apiFetch<Dashboard>(`/api/t/${encodeURIComponent(params.tenant)}/dashboard?${query}`, {
    fetcher: fetch,
  });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { dashboard: result.body, range };
};
