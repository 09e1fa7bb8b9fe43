import { GENDERS, type Gender } from '#lib/domain.ts';

/** 會員列表's filters as the URL carries them (?q=&tier=&tag=&gender=&month=). */
export interface MemberFilterState {
  q: string;
  tier: string;
  tag: string;
  gender: Gender | '';
  month: string;
}

export const MEMBER_PAGE_SIZE = 50;

export function readMemberFilters(search: URLSearchParams): MemberFilterState {
  const gender = search.get('gender') ?? '';
  const month = search.get('month') ?? '';
  return {
    q: (search.get('q') ?? '').trim().slice(0, 100),
    tier: search.get('tier') ?? '',
    tag: search.get('tag') ?? '',
    gender: (GENDERS as readonly string[]).includes(gender) ? (gender as Gender) : '',
    month: /^(?:[1-9]|1[0-2])$/.test(month) ? month : '',
  };
}

/** The API's query for these filters (empty ones left out). */
export function memberQuery(f: MemberFilterState, extra: Record<string, string> = {}): string {
  const entries: [string, string][] = [
    ['q', f.q],
    ['tier', f.tier],
    ['tag', f.tag],
    ['gender', f.gender],
    ['birthdayMonth', f.month],
    ['limit', String(MEMBER_PAGE_SIZE)],
    ...Object.entries(extra),
  ];
  return new URLSearchParams(entries.filter(([, v]) => v !== '')).toString();
}

/** The page's own URL query for these filters. */
export function pageQuery(f: MemberFilterState): string {
  const entries: [string, string][] = [
    ['q', f.q],
    ['tier', f.tier],
    ['tag', f.tag],
    ['gender', f.gender],
    ['month', f.month],
  ];
  return new URLSearchParams(entries.filter(([, v]) => v !== '')).toString();
}
