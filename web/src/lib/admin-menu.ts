import {
  ADMIN_PAGES,
  can,
  isPageKey,
  pagesByGroup,
  type AdminPage,
  type AdminMenuGroup,
  type Permissions,
  type ShopKind,
} from './domain.ts';

/**
 * The admin's side menu: the pages of domain/team/admin-pages.ts this member may at least see
 * (and those every member uses), in their groups; a group without such a page is not shown.
 */
export { ADMIN_PAGES as MENU_PAGES, type AdminPage as MenuPage, type AdminMenuGroup as MenuGroup };

function visible(entry: AdminPage, permissions: Permissions): boolean {
  if ('open' in entry || 'everyone' in entry) return true;
  return isPageKey(entry.page) && can(permissions, entry.page, 'view');
}

/** The groups and pages this member of a shop of this kind sees, in menu order. */
export function adminMenu(
  kind: ShopKind,
  permissions: Permissions,
  pages: readonly AdminPage[] = ADMIN_PAGES,
  /** Whether Jiayi bills the shop (its 付費方案 page applies). */
  billed = false,
): { group: AdminMenuGroup; pages: AdminPage[] }[] {
  return pagesByGroup(kind, billed, pages)
    .map(({ group, pages: inGroup }) => ({ group, pages: inGroup.filter((entry) => visible(entry, permissions)) }))
    .filter((entry) => entry.pages.length > 0);
}

/** The menu page a path of the admin belongs to (its own or one below it), longest match first. */
export function menuPageOf(pages: readonly AdminPage[], adminPath: string): AdminPage | null {
  const matching = pages.filter((entry) => adminPath === entry.page || adminPath.startsWith(`${entry.page}/`));
  return matching.sort((a, b) => b.page.length - a.page.length)[0] ?? null;
}
