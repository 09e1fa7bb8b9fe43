import { describe, expect, it } from 'vitest';
import { attentionSummary, refusedStepReason, stuckStepReason } from './attention.ts';

describe('order attention reasons', () => {
  it('name the stuck step and how long it has failed', () => {
    expect(stuckStepReason('answer', 10 * 60_000)).toBe('「回覆顧客」已失敗超過 10 分鐘，系統仍在重試');
    expect(stuckStepReason('place', 30_000)).toBe('「建立訂單」已失敗超過 30 秒，系統仍在重試');
    expect(refusedStepReason('alert', 'LINE 拒絕了這則訊息（HTTP 400）')).toBe(
      '「通知店家人員」沒有完成：LINE 拒絕了這則訊息（HTTP 400）',
    );
  });

  it('sum up several reasons in one line, the newest first', () => {
    expect(attentionSummary([])).toBeNull();
    expect(attentionSummary(['a'])).toBe('a');
    expect(attentionSummary(['a', 'b', 'c'])).toBe('c（另有 2 項）');
  });
});
