import { z } from 'zod';
import { createRateLimiter } from '../../db/rate-limit.ts';
import { bindStaffLineAccount } from '../../db/team/staff-line-binding.ts';
import {
  BINDING_ATTEMPTS_LIMIT,
  BINDING_ATTEMPTS_WINDOW_MS,
  bindingReply,
  type BindingOutcome,
} from '../../domain/team/staff-binding.ts';
import type { ChatAnswer } from '../chat-answer.ts';
import type { ActivityDeps } from '../deps.ts';

const bindInput = z.object({
  tenantId: z.uuid(),
  lineUserId: z.string().min(1).max(64),
  code: z.string().regex(/^[0-9]{6}$/),
  sourceEventId: z.string().min(1).max(128),
});
export type BindStaffLineInput = z.infer<typeof bindInput>;

/** A member binding their LINE account with the one-time code from the admin's LINE settings page. */
export function lineBindingActivities(deps: ActivityDeps) {
  const limiter = createRateLimiter(deps.db);
  return {
    /**
     * A six-digit code typed in the chat: binds that LINE user to the member who holds the code
     * (db/team/staff-line-binding.ts bindStaffLineAccount). Wrong codes count against the LINE user
     * (5 per 10 minutes); a success forgets the count.
     */
    async bindStaffLine(raw: BindStaffLineInput): Promise<ChatAnswer & { outcome: BindingOutcome['kind'] }> {
      const input = bindInput.parse(raw);
      const key = `line-bind:${input.tenantId}:${input.lineUserId}`;
      const limit = await limiter.consume(key, BINDING_ATTEMPTS_LIMIT, BINDING_ATTEMPTS_WINDOW_MS);
      const outcome: BindingOutcome = limit.allowed
        ? await bindStaffLineAccount(deps.db, input)
        : { kind: 'too_many_attempts', retryAfterMinutes: Math.ceil(limit.retryAfterSeconds / 60) };
      if (outcome.kind === 'bound') await limiter.reset(key);
      return { outcome: outcome.kind, text: bindingReply(outcome) };
    },
  };
}
