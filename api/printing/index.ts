import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { cloudPrntRoutes } from './cloudprnt.ts';
import { printerRoutes } from './printers.ts';
import { reprintRoutes } from './reprint.ts';

/**
 * The printing area: a branch's cloud printers (出單機設定), 列印測試單 and 補印, and the Star
 * CloudPRNT URL the printers poll (outside the shop's admin API: a printer has no session).
 */
export const printingArea: AreaPlugin = async (app, { deps, storage }) => {
  await app.register(cloudPrntRoutes, { deps, storage });
  await tenantScope(app, async (shop) => {
    await shop.register(printerRoutes, { deps, storage });
    await shop.register(reprintRoutes, { deps });
  });
};
