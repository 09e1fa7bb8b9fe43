import { ADMIN_PAGES, type Area } from '../../domain/team/admin-pages.ts';
import type { Access, Permissions } from '../../domain/team/permissions.ts';

/** Every page of these areas at one level each: a member set up as the coarse presets were. */
export function byArea(levels: Partial<Record<Area, Access>>): Partial<Permissions> {
  const result: Record<string, Access> = {};
  for (const entry of ADMIN_PAGES) {
    const level = levels[entry.area];
    if (level && !('open' in entry)) result[entry.page] = level;
  }
  return result as Partial<Permissions>;
}
