/**
 * Counts the admin menu shows beside a page (訂單處理: the orders waiting to be accepted), by the
 * page's path below /t/:tenant/admin/. Whoever knows the count sets it; zero shows nothing.
 */
export const menuBadges: Record<string, number> = $state({});
