// The members area's workflows (exported names are Temporal workflow types: never rename one).
export { memberUpkeepWorkflow } from './member-upkeep.ts';
