// The billing area's workflows (exported names are Temporal workflow types: never rename one).
export { subscriptionWorkflow } from './subscription.ts';
