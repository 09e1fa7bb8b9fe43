import type { AreaPlugin } from './area.ts';
import { attendanceArea } from './attendance/index.ts';
import { billingArea } from './billing/index.ts';
import { catalogArea } from './catalog/index.ts';
import { customersArea } from './customers/index.ts';
import { insightsArea } from './insights/index.ts';
import { invoicesArea } from './invoices/index.ts';
import { lineChatArea } from './line-chat/index.ts';
import { membersArea } from './members/index.ts';
import { ordersArea } from './orders/index.ts';
import { paymentsArea } from './payments/index.ts';
import { printingArea } from './printing/index.ts';
import { promotionsArea } from './promotions/index.ts';
import { restaurantArea } from './restaurant/index.ts';
import { storefrontArea } from './storefront/index.ts';
import { supportArea } from './support/index.ts';
import { teamArea } from './team/index.ts';
import { ubereatsArea } from './ubereats/index.ts';
import { deliveryArea } from './delivery/index.ts';

/** Every business area's routes; a new area adds its api/<area>/index.ts and one line here. */
export const AREAS: readonly AreaPlugin[] = [
  teamArea,
  lineChatArea,
  ordersArea,
  catalogArea,
  customersArea,
  insightsArea,
  restaurantArea,
  storefrontArea,
  paymentsArea,
  billingArea,
  attendanceArea,
  supportArea,
  printingArea,
  ubereatsArea,
  deliveryArea,
  membersArea,
  invoicesArea,
  promotionsArea,
];
