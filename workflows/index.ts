// Every workflow the worker runs; the bundler starts here.
export { chatOrderWorkflow } from './chat-order.ts';
export { chatReplyWorkflow } from './chat-reply.ts';
export { chatHistoryWorkflow } from './chat-history.ts';
export { lineFollowWorkflow, lineUnfollowWorkflow } from './line-follow.ts';
export { richMenuWorkflow, staffRichMenuUnlinkWorkflow } from './rich-menus.ts';
export { chatProductEditWorkflow, chatProductPhotoWorkflow, lineBindingWorkflow } from './chat-staff.ts';
export { orderMessageWorkflow } from './order-message.ts';
