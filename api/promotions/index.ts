import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { couponCampaignRoutes } from './coupon-campaigns.ts';
import { couponRoutes } from './coupons.ts';
import { promotionRoutes } from './promotions.ts';

/** The promotions area: 促銷活動設定, 優惠碼設定, 優惠券管理 and 自動發送設定 (the checkout prices them: api/storefront). */
export const promotionsArea: AreaPlugin = async (app, { deps }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(promotionRoutes, { deps });
    await shop.register(couponRoutes, { deps });
    await shop.register(couponCampaignRoutes, { deps });
  });
};
