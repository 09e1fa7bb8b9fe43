import type { z } from 'zod';

/** The first message of each field a refusal names, for a form to show next to its field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const found: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    if (!(key in found)) found[key] = issue.message;
  }
  return found;
}
