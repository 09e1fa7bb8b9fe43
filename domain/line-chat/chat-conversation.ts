/**
 * Where a LINE chat message was written: the customer's 1:1 chat with the shop, a group
 * the shop's account was invited to, or a multi-person chat (LINE's "room"). The customer is
 * always the user who wrote; answers go back to the chat the message came from.
 */

export type ChatConversation = { type: 'user' } | { type: 'group'; groupId: string } | { type: 'room'; roomId: string };

/** What a LINE webhook event's `source` says (integrations/line/webhook-schema.ts). */
export type LineSourceLike =
  | { type: 'user'; userId: string }
  | { type: 'group'; groupId: string; userId?: string | undefined }
  | { type: 'room'; roomId: string; userId?: string | undefined };

/**
 * Who wrote and where, or null when LINE did not say who wrote (a group member who has not
 * agreed to share their profile with the shop): such messages cannot be anyone's order.
 */
export function chatSpeaker(
  source: LineSourceLike | undefined,
): { lineUserId: string; conversation: ChatConversation } | null {
  if (!source?.userId) return null;
  switch (source.type) {
    case 'user':
      return { lineUserId: source.userId, conversation: { type: 'user' } };
    case 'group':
      return source.groupId
        ? { lineUserId: source.userId, conversation: { type: 'group', groupId: source.groupId } }
        : null;
    case 'room':
      return source.roomId
        ? { lineUserId: source.userId, conversation: { type: 'room', roomId: source.roomId } }
        : null;
    default:
      return null;
  }
}

/** True for groups and rooms: the chat is shared, so answers must say whom they are for. */
export function isSharedConversation(conversation: ChatConversation | undefined): boolean {
  return conversation !== undefined && conversation.type !== 'user';
}

/**
 * The push destination when the reply token cannot be used: the group or room the message
 * came from, or the customer for a 1:1 chat (or when the conversation is not known).
 */
export function pushDestination(conversation: ChatConversation | undefined, lineUserId: string): string {
  switch (conversation?.type) {
    case 'group':
      return conversation.groupId;
    case 'room':
      return conversation.roomId;
    default:
      return lineUserId;
  }
}
