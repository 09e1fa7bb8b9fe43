import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { attendanceDeviceRoutes } from './devices.ts';
import { liffClockRoutes } from './liff-clock.ts';
import { attendanceShiftRoutes } from './shifts.ts';
import { tabletClockRoutes } from './tablet.ts';

/** 打卡出勤管理: staff shifts, corrections and the payroll CSV (clock-ins come from LINE, its LIFF page and the shop tablet). */
export const attendanceArea: AreaPlugin = async (app, { deps }) => {
  await app.register(tabletClockRoutes);
  await app.register(liffClockRoutes, { deps });
  await tenantScope(app, async (shop) => {
    await shop.register(attendanceShiftRoutes, { deps });
    await shop.register(attendanceDeviceRoutes);
  });
};
