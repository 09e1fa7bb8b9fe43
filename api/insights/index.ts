import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { adminDashboardRoutes } from './dashboard.ts';
import { adminExportRoutes } from './exports.ts';

/** The insights area: the sales dashboard and the CSV exports. */
export const insightsArea: AreaPlugin = async (app, { deps }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(adminDashboardRoutes, { deps });
    await shop.register(adminExportRoutes, { deps });
  });
};
