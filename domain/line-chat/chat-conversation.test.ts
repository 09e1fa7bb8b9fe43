import { describe, expect, it } from 'vitest';
import { chatSpeaker, isSharedConversation, pushDestination } from './chat-conversation.ts';

describe('chatSpeaker', () => {
  it('names the writer and the chat for 1:1, group and room sources', () => {
    expect(chatSpeaker({ type: 'user', userId: 'U1' })).toEqual({ lineUserId: 'U1', conversation: { type: 'user' } });
    expect(chatSpeaker({ type: 'group', groupId: 'C1', userId: 'U2' })).toEqual({
      lineUserId: 'U2',
      conversation: { type: 'group', groupId: 'C1' },
    });
    expect(chatSpeaker({ type: 'room', roomId: 'R1', userId: 'U3' })).toEqual({
      lineUserId: 'U3',
      conversation: { type: 'room', roomId: 'R1' },
    });
  });

  it('is null when LINE does not say who wrote, or there is no source', () => {
    expect(chatSpeaker({ type: 'group', groupId: 'C1' })).toBeNull();
    expect(chatSpeaker({ type: 'room', roomId: 'R1' })).toBeNull();
    expect(chatSpeaker({ type: 'group', groupId: 'C1', userId: '' })).toBeNull();
    expect(chatSpeaker({ type: 'group', groupId: '', userId: 'U1' })).toBeNull();
    expect(chatSpeaker(undefined)).toBeNull();
    expect(chatSpeaker({ type: 'other', userId: 'U1' } as never)).toBeNull();
  });
});

describe('pushDestination and isSharedConversation', () => {
  it('pushes to the group or room, and to the customer in a 1:1 chat', () => {
    expect(pushDestination({ type: 'group', groupId: 'C1' }, 'U1')).toBe('C1');
    expect(pushDestination({ type: 'room', roomId: 'R1' }, 'U1')).toBe('R1');
    expect(pushDestination({ type: 'user' }, 'U1')).toBe('U1');
    expect(pushDestination(undefined, 'U1')).toBe('U1');
  });

  it('calls groups and rooms shared', () => {
    expect(isSharedConversation({ type: 'group', groupId: 'C1' })).toBe(true);
    expect(isSharedConversation({ type: 'room', roomId: 'R1' })).toBe(true);
    expect(isSharedConversation({ type: 'user' })).toBe(false);
    expect(isSharedConversation(undefined)).toBe(false);
  });
});
