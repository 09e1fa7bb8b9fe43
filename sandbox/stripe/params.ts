import type { FormValue } from './form-body.ts';
import { invalidParam, missingParam, StripeRequestError } from './stripe-errors.ts';
import type { Metadata } from './store.ts';

/** Reading a form-encoded request as Stripe does: its missing/invalid param errors, by param path. */
export type Params = Record<string, FormValue>;

export function child(params: Params | undefined, key: string, path: string): Params | undefined {
  const value = params?.[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParam(path, `Invalid object`);
  return value;
}

export function list(params: Params | undefined, key: string, path: string): Params[] {
  const value = params?.[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidParam(path, 'Invalid array');
  return value.map((item, i) => {
    if (typeof item !== 'object' || Array.isArray(item)) throw invalidParam(`${path}[${i}]`, 'Invalid object');
    return item;
  });
}

export function str(params: Params | undefined, key: string, path = key): string | undefined {
  const value = params?.[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(path, `Invalid string: ${JSON.stringify(value)}`);
  return value;
}

export function required(params: Params | undefined, key: string, path = key): string {
  const value = str(params, key, path);
  if (value === undefined || value === '') throw missingParam(path);
  return value;
}

export function oneOf<T extends string>(params: Params | undefined, key: string, allowed: readonly T[], path = key): T | undefined {
  const value = str(params, key, path);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParam(path, `Invalid ${path}: must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function int(params: Params | undefined, key: string, path = key): number | undefined {
  const value = str(params, key, path);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalidParam(path, `Invalid integer: ${value}`);
  return Number(value);
}

export function url(params: Params | undefined, key: string, path = key): string | undefined {
  const value = str(params, key, path);
  if (value === undefined) return undefined;
  if (!URL.canParse(value.replaceAll('{CHECKOUT_SESSION_ID}', 'x'))) throw invalidParam(path, 'Not a valid URL');
  return value;
}

/** Stripe's metadata limits: 50 keys, keys up to 40 characters, values up to 500. */
export function metadata(params: Params | undefined, path = 'metadata'): Metadata {
  const value = child(params, 'metadata', path) ?? {};
  const entries = Object.entries(value);
  if (entries.length > 50) throw invalidParam(path, 'Metadata can have up to 50 keys');
  const out: Metadata = {};
  for (const [key, v] of entries) {
    if (typeof v !== 'string') throw invalidParam(`${path}[${key}]`, 'Metadata values must be strings');
    if (key.length > 40) throw invalidParam(`${path}[${key}]`, 'Metadata keys can be up to 40 characters long');
    if (v.length > 500) throw invalidParam(`${path}[${key}]`, 'Metadata values can be up to 500 characters long');
    if (v !== '') out[key] = v;
  }
  return out;
}

export function limitParam(query: Params): number {
  const limit = int(query, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw new StripeRequestError(400, { type: 'invalid_request_error', param: 'limit', message: 'This value must be between 1 and 100.' });
  return limit;
}
