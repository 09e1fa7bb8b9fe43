import { browser } from '$app/env';
import type { TFunction } from 'i18next';
import type { BillingSummary, Permissions, Role, ShopKind } from './domain.ts';

/**
 * Sign-in for the web app: the JSON the auth and team APIs answer, and `apiFetch`, which every
 * state-changing call goes through so it carries the CSRF token (X-CSRF-Token). The token comes
 * from GET /api/auth/csrf (bound to the session, or before sign-in to this browser's cookie)
 * and is kept in memory in the browser only; a page load after sign-in or sign-out starts over.
 */

export interface SessionUser {
  id: string;
  displayName: string;
  email: string | null;
  pictureUrl: string | null;
  hasPassword: boolean;
  hasLine: boolean;
}

export interface MemberInfo {
  id: string;
  role: Role;
  displayName: string;
  permissions: Permissions;
  /** Works in every branch of a restaurant (owners always); else only in theirs. */
  allBranches: boolean;
}

export interface TenantMe {
  tenant: { slug: string; name: string; kind: ShopKind };
  /** The shop's subscription to Jiayi; null when Jiayi does not bill it. */
  billing: BillingSummary | null;
  member: MemberInfo;
  user: SessionUser;
  csrfToken: string;
}

export interface SessionInfo {
  user: SessionUser;
  memberships: { tenant: { slug: string; name: string }; role: Role; permissions: Permissions }[];
  home: string;
  csrfToken: string;
}

export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string>;
  retryAfterSeconds?: number;
  /** The whole answer, for a refusal that carries more than its fields (a list to confirm). */
  body?: Record<string, unknown>;
}

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; problem: ApiProblem };

let csrfToken: string | null = null;

async function currentCsrfToken(fetcher: typeof fetch, fresh = false): Promise<string | null> {
  if (!fresh && csrfToken) return csrfToken;
  const response = await fetcher('/api/auth/csrf', { headers: { accept: 'application/json' } });
  const token = response.ok ? ((await response.json()) as { csrfToken: string | null }).csrfToken : null;
  if (browser) csrfToken = token;
  return token;
}

/** Remembers a token the API just handed out (sign-in answers with the new session's). */
export function rememberCsrfToken(token: string | null | undefined): void {
  if (browser && token) csrfToken = token;
}

async function toProblem(response: Response): Promise<ApiProblem> {
  try {
    const body = (await response.json()) as Partial<ApiProblem>;
    return {
      status: response.status,
      code: body.code ?? 'http_error',
      message: body.message ?? response.statusText,
      ...(body.fields ? { fields: body.fields } : {}),
      ...(body.retryAfterSeconds !== undefined ? { retryAfterSeconds: body.retryAfterSeconds } : {}),
      body: body as Record<string, unknown>,
    };
  } catch {
    return { status: response.status, code: 'http_error', message: `${response.status} ${response.statusText}` };
  }
}

/**
 * The session ended while a shop's page was open (signed out elsewhere, or the owner
 * deactivated this member): off to sign-in at once, back here afterwards.
 */
function toSignIn(): void {
  const here = globalThis.location;
  if (here.pathname === '/sign-in') return;
  here.assign(`/sign-in?returnTo=${encodeURIComponent(here.pathname + here.search)}`);
}

/**
 * A JSON API call. State-changing methods send the CSRF token; a `csrf_invalid` answer (the
 * session changed in another tab, say) fetches a fresh token and tries once more.
 */
export async function apiFetch<T>(
  path: string,
  options: {
    method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
    json?: unknown;
    /** A raw body (a photo) sent as is, with its own content type; not together with `json`. */
    file?: Blob;
    fetcher?: typeof fetch;
  } = {},
): Promise<ApiResult<T>> {
  const method = options.method ?? 'GET';
  const fetcher = options.fetcher ?? fetch;
  const attempt = async (fresh: boolean) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    else if (options.file) headers['content-type'] = options.file.type || 'application/octet-stream';
    if (method !== 'GET') {
      const token = await currentCsrfToken(fetcher, fresh);
      if (token) headers['x-csrf-token'] = token;
    }
    return fetcher(path, {
      method,
      headers,
      body: options.json !== undefined ? JSON.stringify(options.json) : options.file,
    });
  };
  let response = await attempt(false);
  if (response.status === 403 && method !== 'GET') {
    const problem = await toProblem(response.clone());
    if (problem.code === 'csrf_invalid') response = await attempt(true);
  }
  if (response.status === 401 && browser && path.startsWith('/api/t/')) toSignIn();
  if (!response.ok) return { ok: false, problem: await toProblem(response) };
  const text = await response.text();
  return { ok: true, status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/**
 * Sends a file (a photo) as the body of a PUT, like apiFetch with `file`, reporting how much of
 * it went up (0-1) as it goes: fetch cannot tell upload progress, XMLHttpRequest can.
 */
export async function apiUpload<T>(
  path: string,
  file: Blob,
  onProgress: (sent: number) => void,
): Promise<ApiResult<T>> {
  const attempt = async (fresh: boolean) => {
    const token = await currentCsrfToken(fetch, fresh);
    return new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', path);
      xhr.setRequestHeader('accept', 'application/json');
      xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
      if (token) xhr.setRequestHeader('x-csrf-token', token);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onload = () =>
        resolve(
          new Response(xhr.status === 204 ? null : xhr.responseText, {
            status: xhr.status,
            statusText: xhr.statusText,
            headers: { 'content-type': xhr.getResponseHeader('content-type') ?? 'application/json' },
          }),
        );
      xhr.onerror = () => reject(new TypeError('network error'));
      xhr.send(file);
    });
  };
  let response: Response;
  try {
    response = await attempt(false);
    if (response.status === 403 && (await toProblem(response.clone())).code === 'csrf_invalid')
      response = await attempt(true);
  } catch {
    return { ok: false, problem: { status: 0, code: 'network_error', message: 'network error' } };
  }
  if (!response.ok) return { ok: false, problem: await toProblem(response) };
  onProgress(1);
  return { ok: true, status: response.status, body: (await response.json()) as T };
}

/** Starts LINE Login: asks the API for LINE's authorization URL and goes there. */
export async function startLineLogin(input: {
  intent: 'sign_in' | 'sign_up' | 'invite';
  returnTo?: string | null;
  invitation?: string;
  locale?: string;
}): Promise<ApiProblem | null> {
  const result = await apiFetch<{ authorizeUrl: string }>('/api/auth/line/start', {
    method: 'POST',
    json: { ...input, returnTo: input.returnTo ?? undefined },
  });
  if (!result.ok) return result.problem;
  go(result.body.authorizeUrl);
  return null;
}

export async function signOut(): Promise<void> {
  await apiFetch('/api/auth/sign-out', { method: 'POST', json: {} });
  go('/sign-in?signedOut=1');
}

/** A same-site path to come back to after signing in, or null. */
export function safeReturnTo(value: string | null): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  return value;
}

/**
 * What to tell the person about a refused call, in the page's language: the message for the
 * API's code when the app has one (auth.errors.*), else the API's own words.
 */
export function problemText(t: TFunction, problem: ApiProblem): string {
  const key = `auth.errors.${problem.code}`;
  const minutes = Math.max(1, Math.ceil((problem.retryAfterSeconds ?? 60) / 60));
  const text = t(key, { minutes, defaultValue: '' });
  return text && text !== key ? text : problem.message;
}

/** Browser helpers for pages (kept here so components need no DOM globals of their own). */
export function go(url: string): void {
  globalThis.location.assign(url);
}

export function confirmAction(text: string): boolean {
  return globalThis.confirm(text);
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await globalThis.navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Form submit handlers take this (a SubmitEvent in the browser). */
export interface FormSubmit {
  preventDefault(): void;
}

const INVITATION_KEY = 'jiayi:invitation';

/**
 * The token of an invitation link (/invite#<token>): read from the fragment, which browsers never
 * send to a server, then kept in this tab's sessionStorage (so signing in first and coming back
 * to /invite still finds it) and removed from the address bar.
 */
export function takeInvitationToken(): string | null {
  const fromHash = globalThis.location.hash.replace(/^#/, '');
  if (/^[\w-]{20,200}$/.test(fromHash)) {
    globalThis.sessionStorage.setItem(INVITATION_KEY, fromHash);
    globalThis.history.replaceState(
      globalThis.history.state,
      '',
      globalThis.location.pathname + globalThis.location.search,
    );
    return fromHash;
  }
  return globalThis.sessionStorage.getItem(INVITATION_KEY);
}

/**
 * Redeems the invitation's token at `path` (accept as the signed-in person, or confirm the
 * e-mail of a new account) and goes where the server says; the refusal otherwise.
 */
export async function redeemInvitation(path: string, token: string | null): Promise<ApiProblem | null> {
  const result = await apiFetch<{ redirectTo: string }>(path, { method: 'POST', json: { token } });
  if (!result.ok) return result.problem;
  forgetInvitationToken();
  go(result.body.redirectTo);
  return null;
}

export function forgetInvitationToken(): void {
  globalThis.sessionStorage.removeItem(INVITATION_KEY);
}
