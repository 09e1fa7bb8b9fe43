// The printing area's workflows (exported names are Temporal workflow types: never rename one).
export { printOrderWorkflow } from './print-order.ts';
