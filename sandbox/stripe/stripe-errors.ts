import type { FastifyReply } from 'fastify';

/** Stripe's error types (the `type` of every error body). */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
}

/** Stripe's answer for a failed request: `{ error: { type, code?, message, param? } }`. */
export function sendStripeError(reply: FastifyReply, status: number, error: StripeErrorBody): FastifyReply {
  return reply.code(status).type('application/json').send({ error });
}

/** A request error a route throws; app.ts turns it into Stripe's body. */
export class StripeRequestError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  constructor(status: number, body: StripeErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

export const missingParam = (param: string) =>
  new StripeRequestError(400, {
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param,
    message: `Missing required param: ${param}.`,
  });

export const invalidParam = (param: string, message: string) =>
  new StripeRequestError(400, { type: 'invalid_request_error', code: 'parameter_invalid', param, message });

export const noSuchObject = (kind: string, id: string, param = 'id') =>
  new StripeRequestError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param,
    message: `No such ${kind}: '${id}'`,
  });

export const cardDeclined = () =>
  new StripeRequestError(402, {
    type: 'card_error',
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
  });
