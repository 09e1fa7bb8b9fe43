import {
  ISSUED_COUPON_STATUSES,
  POINT_ENTRY_KINDS,
  isSystemPointNote,
  type IssuedCouponStatus,
  type PointEntryKind,
} from '#lib/domain.ts';
import type { I18n } from '#lib/i18n/index.ts';

/** 點數 / 發券記錄's tab and filters as the URL carries them (?tab=coupons&q=&kind=&status=&from=&to=). */
export type RecordTab = 'points' | 'coupons';

export interface RecordFilterState {
  tab: RecordTab;
  q: string;
  /** The points tab's filter. */
  kind: PointEntryKind | '';
  /** The coupons tab's filter. */
  status: IssuedCouponStatus | '';
  /** Taipei days, YYYY-MM-DD as a date input writes them; both included. */
  from: string;
  to: string;
}

export const RECORD_PAGE_SIZE = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const oneOf = <T extends string>(values: readonly T[], value: string | null): T | '' =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : '';

/** A range given backwards is read forwards, so the page never asks the API for what it refuses. */
export function inOrder(f: RecordFilterState): RecordFilterState {
  return f.from && f.to && f.from > f.to ? { ...f, from: f.to, to: f.from } : f;
}

export function readRecordFilters(search: URLSearchParams): RecordFilterState {
  const day = (key: string) => {
    const value = search.get(key) ?? '';
    return DAY.test(value) ? value : '';
  };
  return inOrder({
    tab: search.get('tab') === 'coupons' ? 'coupons' : 'points',
    q: (search.get('q') ?? '').trim().slice(0, 100),
    kind: oneOf(POINT_ENTRY_KINDS, search.get('kind')),
    status: oneOf(ISSUED_COUPON_STATUSES, search.get('status')),
    from: day('from'),
    to: day('to'),
  });
}

function entries(f: RecordFilterState): [string, string][] {
  return [['q', f.q], f.tab === 'points' ? ['kind', f.kind] : ['status', f.status], ['from', f.from], ['to', f.to]];
}

const query = (pairs: [string, string][]) => new URLSearchParams(pairs.filter(([, v]) => v !== '')).toString();

/** The API's address for the tab's list (a page of it) or its CSV (all of it), with these filters. */
export function recordApiUrl(
  tenant: string,
  f: RecordFilterState,
  what: 'page' | 'csv',
  extra: Record<string, string> = {},
): string {
  const paging: [string, string][] = what === 'page' ? [['limit', String(RECORD_PAGE_SIZE)]] : [];
  const search = query([...entries(f), ...paging, ...Object.entries(extra)]);
  const path = `/api/t/${encodeURIComponent(tenant)}/members/records/${f.tab}${what === 'csv' ? '.csv' : ''}`;
  return search ? `${path}?${search}` : path;
}

/** The page's own URL query for this tab and these filters. */
export function recordPageQuery(f: RecordFilterState): string {
  return query([['tab', f.tab === 'coupons' ? 'coupons' : ''], ...entries(f)]);
}

/** A ledger entry's note as people read it: the system's own (a refund, a cancel) named, the shop's as typed. */
export function pointNoteText(t: I18n['t'], note: string | null): string | null {
  return isSystemPointNote(note) ? t(`members.records.notes.${note}`) : note;
}
