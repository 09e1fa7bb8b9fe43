import type { AreaPlugin } from '../area.ts';
import { adminDashboardRoutes } from './dashboard.ts';
import { adminExportRoutes } from './exports.ts';

/** The insights area: the sales dashboard and the CSV exports. */
export const insightsArea: AreaPlugin = async (app, { deps }) => {
  await app.register(adminDashboardRoutes, { deps });
  await app.register(adminExportRoutes, { deps });
};
