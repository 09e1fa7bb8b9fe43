import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/** LINE's error body shape: `{ message, details?: [{ message, property }] }`. */
export interface LineErrorBody {
  message: string;
  details?: { message: string; property: string }[];
  sentMessages?: { id: string; quoteToken: string }[];
}

export const MSG = {
  authFailed: 'Authentication failed. Confirm that the access token in the authorization header is valid.',
  authMissing: "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'",
  invalidReplyToken: 'Invalid reply token',
  invalidTo: "The property, 'to', in the request body is invalid (line: -, column: -)",
  retryKeyAccepted: 'The retry key is already accepted',
  retryKeyInvalid: "The value for the 'X-Line-Retry-Key' header is invalid",
  retryKeyNotSupported: "The 'X-Line-Retry-Key' header is not supported by this API",
  monthlyLimit: 'You have reached your monthly limit.',
  rateLimited: 'The API rate limit has been exceeded. Try again later.',
  notFound: 'Not found',
  serverError: 'An error occurred in the server. Try again later.',
} as const;

export function sendLineError(reply: FastifyReply, status: number, body: LineErrorBody): FastifyReply {
  return reply.code(status).type('application/json').send(body);
}

/** `['messages', 0, 'text']` → `messages[0].text`, as LINE writes `property`. */
export function lineProperty(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** A zod failure as LINE's 400: "The request body has N error(s)" with one detail per problem. */
export function validationErrorBody(error: z.ZodError, input: unknown): LineErrorBody {
  const details = error.issues.map((issue) => ({
    message:
      issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined ? 'must be specified' : issue.message,
    property: lineProperty(issue.path),
  }));
  return { message: `The request body has ${details.length} error(s)`, details };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}
