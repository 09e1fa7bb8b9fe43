// The promotions area's workflows (exported names are Temporal workflow types: never rename one).
export { couponCampaignWorkflow } from './coupon-campaign.ts';
export { couponIssueWorkflow } from './coupon-issue.ts';
