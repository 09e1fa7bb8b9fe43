import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { adminDashboardRoutes } from './dashboard.ts';
import { adminExportRoutes } from './exports.ts';
import { adminReportExportRoutes } from './report-exports.ts';
import { adminReportRoutes } from './reports.ts';

/** The insights area: the sales dashboard, the reports (營運報表) and the CSV exports. */
export const insightsArea: AreaPlugin = async (app, { deps }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(adminDashboardRoutes, { deps });
    await shop.register(adminReportRoutes, { deps });
    await shop.register(adminReportExportRoutes, { deps });
    await shop.register(adminExportRoutes, { deps });
  });
};
