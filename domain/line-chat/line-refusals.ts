/**
 * Failure types of a LINE call that no retry can change (activities/line-refusal.ts makes them):
 * the monthly push quota used up, the shop's channel token revoked, and any other 4xx LINE
 * gives for good (a bad `to`, a user who cannot receive). Workflows stop retrying on them and
 * flag the order for a person instead.
 */
export const LINE_REFUSAL_TYPES = ['line_refused', 'line_quota_exceeded', 'line_token_revoked'] as const;
export type LineRefusalType = (typeof LINE_REFUSAL_TYPES)[number];

export function isLineRefusalType(type: string | null | undefined): type is LineRefusalType {
  return (LINE_REFUSAL_TYPES as readonly (string | null | undefined)[]).includes(type);
}
