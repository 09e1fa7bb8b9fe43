// The orders area's workflows (exported names are Temporal workflow types: never rename one).
export { chatOrderWorkflow } from './chat-order/workflow.ts';
export { orderMessageWorkflow } from './customer-message.ts';
