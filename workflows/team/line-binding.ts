import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import { staffChatActivities } from '../activity-proxies.ts';
import { answerChatEvent, type ChatAnswerResult, type ChatEventInput } from '../chat-event.ts';

/**
 * A member binding their LINE account: the one-time code from the admin's
 * LINE settings page, typed alone in the shop's 1:1 chat, once per LINE event.
 */

export interface LineBindingInput extends ChatEventInput {
  code: string;
}

const db = staffChatActivities;

// The admin rich menu is a convenience: a few tries, and a binding never fails for it.
const richMenu = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 5, nonRetryableErrorTypes: ['line_not_connected'] },
});

/** A six-digit code typed alone in the 1:1 chat: bind, and say 綁定成功 (or why not). */
export async function lineBindingWorkflow(input: LineBindingInput): Promise<ChatAnswerResult & { outcome: string }> {
  const result = await db.bindStaffLine({
    tenantId: input.tenantId,
    lineUserId: input.lineUserId,
    code: input.code,
    sourceEventId: input.sourceEventId,
  });
  const answered = await answerChatEvent(input, result.text);
  // A bound member gets the shop's admin rich menu (once the shop has applied its menus).
  if (result.outcome === 'bound') {
    await richMenu
      .linkStaffToAdminRichMenu({ tenantId: input.tenantId, lineUserId: input.lineUserId })
      .catch((error: unknown) => {
        if (!(error instanceof ActivityFailure)) throw error;
      });
  }
  return { outcome: result.outcome, ...answered };
}
