// The team area's workflows (exported names are Temporal workflow types: never rename one).
export { lineBindingWorkflow } from './line-binding.ts';
