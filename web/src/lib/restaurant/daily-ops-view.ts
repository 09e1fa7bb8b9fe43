import { formatTaipeiDateTime, taipeiDayKey, taipeiDayRange } from '#lib/domain.ts';

/* How the 日常營運 pages show the board: items by category with a search, and a pause's end. */

export interface Section<T> {
  id: string | null;
  name: string;
  items: T[];
}

/** Items by menu category in menu order, those without one last under `otherName`; only matches of `query`. */
export function sectionsOf<T extends { name: string; categoryId: string | null }>(
  categories: readonly { id: string; name: string }[],
  items: readonly T[],
  query: string,
  otherName: string,
): Section<T>[] {
  const q = query.trim().toLowerCase();
  const shown = q ? items.filter((i) => i.name.toLowerCase().includes(q)) : items;
  const known = new Set(categories.map((c) => c.id));
  return [
    ...categories.map((c) => ({ id: c.id, name: c.name, items: shown.filter((i) => i.categoryId === c.id) })),
    { id: null, name: otherName, items: shown.filter((i) => !i.categoryId || !known.has(i.categoryId)) },
  ].filter((s) => s.items.length > 0);
}

/**
 * How a pause's end reads: null (until resumed), 'today' (the end of this Taipei day), or the
 * time: "HH:mm" today, "MM/DD HH:mm" another day.
 */
export function pauseEndLabel(until: string | null, now: Date): { kind: 'resume' | 'today' | 'time'; time: string } {
  if (until === null) return { kind: 'resume', time: '' };
  const end = new Date(until);
  const today = taipeiDayKey(now);
  if (end.getTime() === taipeiDayRange(today).end.getTime()) return { kind: 'today', time: '' };
  const full = formatTaipeiDateTime(end);
  return { kind: 'time', time: taipeiDayKey(end) === today ? full.slice(11) : full.slice(5) };
}
