import type { ActivityDeps } from './deps.ts';
import { createLineClientProvider, type LineClientProvider } from './line-clients.ts';
import { billingActivities } from './billing/index.ts';
import { catalogActivities } from './catalog/index.ts';
import { customersActivities } from './customers/index.ts';
import { invoicesActivities } from './invoices/index.ts';
import { deliveryActivities } from './delivery/index.ts';
import { lineChatActivities } from './line-chat/index.ts';
import { membersActivities } from './members/index.ts';
import { ordersActivities } from './orders/index.ts';
import { printingActivities } from './printing/index.ts';
import { promotionsActivities } from './promotions/index.ts';
import { paymentsActivities } from './payments/index.ts';
import { restaurantActivities } from './restaurant/index.ts';
import { teamActivities } from './team/index.ts';
import { ubereatsActivities } from './ubereats/index.ts';

/** One entry per business area; a new area adds its activities/<area>/index.ts and one line here. */
const AREAS = [
  ordersActivities,
  catalogActivities,
  customersActivities,
  lineChatActivities,
  teamActivities,
  restaurantActivities,
  billingActivities,
  printingActivities,
  ubereatsActivities,
  membersActivities,
  paymentsActivities,
  invoicesActivities,
  promotionsActivities,
  deliveryActivities,
] as const;

type AreaActivities = ReturnType<(typeof AREAS)[number]>;
type Merge<U> = (U extends unknown ? (u: U) => void : never) extends (u: infer I) => void ? I : never;

/** Every activity the worker registers; workflows import only this type. */
export type Activities = Merge<AreaActivities>;

export function createActivities(deps: ActivityDeps): Activities {
  const lineClientFor: LineClientProvider = createLineClientProvider(deps);
  return Object.assign({}, ...AREAS.map((area) => area(deps, lineClientFor))) as Activities;
}
