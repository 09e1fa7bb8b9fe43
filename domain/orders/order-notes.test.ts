import { describe, expect, it } from 'vitest';
import { ORDER_NOTE_MAX_LENGTH, orderNoteSchema } from './order-notes.ts';

describe('orderNoteSchema', () => {
  it('takes 1 to 1000 characters after trimming', () => {
    expect(orderNoteSchema.parse({ body: '  週末到貨  ' })).toEqual({ body: '週末到貨' });
    expect(orderNoteSchema.safeParse({ body: '字'.repeat(ORDER_NOTE_MAX_LENGTH) }).success).toBe(true);
  });

  it('refuses empty, too long and non-text notes with a zh-TW reason', () => {
    expect(orderNoteSchema.safeParse({ body: '   ' }).error?.issues[0]?.message).toBe('請輸入備註內容');
    expect(orderNoteSchema.safeParse({ body: '字'.repeat(ORDER_NOTE_MAX_LENGTH + 1) }).error?.issues[0]?.message).toBe(
      '備註最多 1000 個字',
    );
    expect(orderNoteSchema.safeParse({ body: 42 }).error?.issues[0]?.message).toBe('請輸入備註內容');
    expect(orderNoteSchema.safeParse({}).success).toBe(false);
  });
});
