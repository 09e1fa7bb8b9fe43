// The catalog area's workflows (exported names are Temporal workflow types: never rename one).
export { chatProductEditWorkflow, chatProductPhotoWorkflow } from './chat-products.ts';
