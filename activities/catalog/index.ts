import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { chatProductActivities } from './chat-products.ts';

/** The catalog area: products, including those a shop's people make from LINE photos. */
export function catalogActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return { ...chatProductActivities(deps, lineClientFor) };
}
