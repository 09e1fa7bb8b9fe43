// The customers area's workflows (exported names are Temporal workflow types: never rename one).
export { customerRetentionWorkflow } from './data-retention.ts';
