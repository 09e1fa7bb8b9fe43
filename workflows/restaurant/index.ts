// The restaurant area's workflows (exported names are Temporal workflow types: never rename one).
export { restaurantOrderWorkflow } from './restaurant-order.ts';
