import { chatCustomerActivities } from './chat-customers.ts';
import { chatStaffActivities } from './chat-staff.ts';
import { customerActivities } from './customers.ts';
import type { ActivityDeps } from './deps.ts';
import { createLineClientProvider } from './line-clients.ts';
import { notifyActivities } from './notify.ts';
import { orderMessageActivities } from './order-messages.ts';
import { orderActivities } from './orders.ts';
import { richMenuActivities } from './rich-menus.ts';

/** Every activity the worker registers; workflows import only this type. */
export function createActivities(deps: ActivityDeps) {
  const lineClientFor = createLineClientProvider(deps);
  return {
    ...customerActivities(deps, lineClientFor),
    ...chatCustomerActivities(deps, lineClientFor),
    ...orderActivities(deps),
    ...notifyActivities(deps, lineClientFor),
    ...richMenuActivities(deps, lineClientFor),
    ...chatStaffActivities(deps, lineClientFor),
    ...orderMessageActivities(deps, lineClientFor),
  };
}

export type Activities = ReturnType<typeof createActivities>;
