// The invoices area's workflows (exported names are Temporal workflow types: never rename one).
export { issueInvoiceWorkflow } from './issue-invoice.ts';
