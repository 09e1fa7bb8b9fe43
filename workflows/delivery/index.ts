// The delivery area's workflows (exported names are Temporal workflow types: never rename one).
export { dispatchDeliveryWorkflow } from './dispatch-delivery.ts';
