import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { chatCustomerActivities } from './chat-customers.ts';
import { richMenuActivities } from './rich-menus.ts';

/** The LINE chat area: follows, chat history answers and the rich menus. */
export function lineChatActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return {
    ...chatCustomerActivities(deps, lineClientFor),
    ...richMenuActivities(deps, lineClientFor),
  };
}
