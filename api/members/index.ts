import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { adminMemberRoutes } from './admin-members.ts';
import { memberAnalyticsRoutes } from './member-analytics.ts';
import { memberCardRoutes } from './member-card.ts';
import { memberRecordRoutes } from './member-records.ts';
import { memberSettingsRoutes } from './member-settings.ts';

/** The members area: the LIFF member card, and the admin's members, points, tiers, tags, 點數 / 發券記錄 and their analysis. */
export const membersArea: AreaPlugin = async (app, { deps }) => {
  await app.register(memberCardRoutes, { deps });
  await tenantScope(app, async (shop) => {
    await shop.register(adminMemberRoutes, { deps });
    await shop.register(memberSettingsRoutes, { deps });
    await shop.register(memberRecordRoutes, { deps });
    await shop.register(memberAnalyticsRoutes, { deps });
  });
};
