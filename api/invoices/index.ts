import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { invoiceListRoutes } from './invoice-list.ts';
import { invoiceSettingsRoutes } from './invoice-settings.ts';
import { invoiceCarrierRoutes } from './invoice-carriers.ts';

/**
 * The invoices area: 電子發票設定 and 發票取用功能 in the admin, and the storefront's check of a
 * customer's mobile barcode or love code with the provider before the order uses it.
 */
export const invoicesArea: AreaPlugin = async (app, { deps }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(invoiceSettingsRoutes, { deps });
    await shop.register(invoiceListRoutes, { deps });
  });
  await app.register(invoiceCarrierRoutes, { deps });
};
