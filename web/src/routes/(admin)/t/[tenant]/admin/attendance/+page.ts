import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { AttendancePage } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** Attendance for the range and person in the URL (?from=&to=&staffId=; the last 7 days by default). */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const query = new URLSearchParams();
  for (const key of ['from', 'to', 'staffId']) {
    const value = url.searchParams.get(key);
    if (value) query.set(key, value);
  }
  const result = await apiFetch<AttendancePage>(`/api/t/${encodeURIComponent(params.tenant)}/attendance?${query}`, {
    fetcher: fetch,
  });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { attendance: result.body, staffId: url.searchParams.get('staffId') ?? '' };
};
