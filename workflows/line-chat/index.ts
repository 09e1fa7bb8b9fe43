// The LINE chat area's workflows (exported names are Temporal workflow types: never rename one).
export { chatReplyWorkflow } from './chat-reply.ts';
export { chatHistoryWorkflow } from './chat-history.ts';
export { lineFollowWorkflow, lineUnfollowWorkflow } from './line-follow.ts';
export { richMenuWorkflow, staffRichMenuUnlinkWorkflow } from './rich-menus.ts';
