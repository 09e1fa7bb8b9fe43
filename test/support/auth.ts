import { randomBytes } from 'node:crypto';
import { authConfig, type AuthConfig } from '../../api/team/auth/config.ts';
import { sha256Hex } from '../../api/team/auth/crypto.ts';
import { hashPassword } from '../../api/team/auth/passwords.ts';
import { sessionCsrfToken } from '../../api/team/auth/sessions.ts';
import { loadEnv } from '../../config/env.ts';
import { Prisma, type Db } from '../../db/client.ts';
import type { Permissions, Role } from '../../domain/team/permissions.ts';

/**
 * Signing people in for tests: members made straight in the database, sessions made the way
 * api/team/auth/sessions.ts makes them (a random token, its SHA-256 stored), and a cookie jar for
 * real HTTP clients. The flows themselves (LINE Login, password) are tested in test/e2e/team/.
 */

/** The auth settings of a server started with `env` (the cookie names, the CSRF key). */
export function authConfigOf(env: Record<string, string | undefined>): AuthConfig {
  return authConfig(loadEnv(env as NodeJS.ProcessEnv));
}

export interface TestMember {
  userId: string;
  staffId: string;
  displayName: string;
  email: string | null;
}

let counter = 0;

export async function createMember(
  db: Db,
  tenantId: string,
  opts: {
    role: Role;
    permissions?: Partial<Permissions>;
    displayName?: string;
    email?: string;
    password?: string;
    lineLoginUserId?: string;
  } = {
    role: 'owner',
  },
): Promise<TestMember> {
  counter += 1;
  const displayName = opts.displayName ?? `測試${opts.role}${counter}`;
  const user = await db.user.create({
    data: {
      displayName,
      email: opts.email ?? null,
      passwordHash: opts.password ? await hashPassword(opts.password) : null,
      lineLoginUserId: opts.lineLoginUserId ?? null,
    },
  });
  const staff = await db.staff.create({
    data: {
      tenantId,
      userId: user.id,
      displayName,
      role: opts.role,
      permissions: opts.permissions ? (opts.permissions as Prisma.InputJsonValue) : Prisma.JsonNull,
    },
  });
  return { userId: user.id, staffId: staff.id, displayName, email: user.email };
}

export interface TestSession {
  token: string;
  csrfToken: string;
  cookieName: string;
  /** `cookie` and `x-csrf-token` for a request as this person. */
  headers: { cookie: string; 'x-csrf-token': string };
}

export async function createSession(
  db: Db,
  config: AuthConfig,
  userId: string,
  opts: { lastSeenAt?: Date; expiresAt?: Date } = {},
): Promise<TestSession> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await db.session.create({
    data: {
      userId,
      tokenHash: sha256Hex(token),
      lastSeenAt: opts.lastSeenAt ?? now,
      expiresAt: opts.expiresAt ?? new Date(now.getTime() + config.sessionMaxMs),
    },
  });
  const csrfToken = sessionCsrfToken(config, token);
  return {
    token,
    csrfToken,
    cookieName: config.cookies.session,
    headers: { cookie: `${config.cookies.session}=${token}`, 'x-csrf-token': csrfToken },
  };
}

/** A member of the shop with a live session. */
export async function signedInMember(
  db: Db,
  config: AuthConfig,
  tenantId: string,
  opts: Parameters<typeof createMember>[2],
): Promise<TestMember & TestSession> {
  const member = await createMember(db, tenantId, opts);
  return { ...member, ...(await createSession(db, config, member.userId)) };
}

/** A JSON API call to the server at `baseUrl` as this person: the status and the parsed answer. */
export async function requestAs(
  baseUrl: string,
  session: Pick<TestSession, 'headers'>,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> & { code?: string; message?: string } }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...session.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * A browser without a browser: keeps cookies per origin (Set-Cookie in, Cookie out), follows
 * no redirects by itself, and sends the CSRF token it was last given on state-changing requests.
 */
export class HttpClient {
  readonly cookies = new Map<string, Map<string, string>>();
  csrfToken: string | null = null;
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  private jar(origin: string): Map<string, string> {
    let jar = this.cookies.get(origin);
    if (!jar) this.cookies.set(origin, (jar = new Map()));
    return jar;
  }

  cookie(name: string, origin = new URL(this.baseUrl).origin): string | undefined {
    return this.jar(origin).get(name);
  }

  setCookie(name: string, value: string, origin = new URL(this.baseUrl).origin): void {
    this.jar(origin).set(name, value);
  }

  async request(
    method: string,
    pathOrUrl: string,
    opts: { json?: unknown; form?: URLSearchParams; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<Response> {
    const url = new URL(pathOrUrl, this.baseUrl);
    const headers = new Headers(opts.headers);
    const jar = this.jar(url.origin);
    if (jar.size > 0 && !headers.has('cookie')) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    let body: string | URLSearchParams | undefined;
    if (opts.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      body = opts.form;
    }
    const unsafe = !['GET', 'HEAD'].includes(method);
    if (
      unsafe &&
      opts.csrf !== false &&
      this.csrfToken &&
      !headers.has('x-csrf-token') &&
      url.origin === new URL(this.baseUrl).origin
    ) {
      headers.set('x-csrf-token', this.csrfToken);
    }
    const response = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, headers ? { headers } : {});
  }

  post(path: string, json?: unknown, opts: { headers?: Record<string, string>; csrf?: boolean } = {}) {
    return this.request('POST', path, { ...opts, json: json ?? {} });
  }

  /** GET /api/auth/csrf: the token this browser must send now. */
  async refreshCsrf(): Promise<string> {
    const response = await this.get('/api/auth/csrf');
    this.csrfToken = ((await response.json()) as { csrfToken: string }).csrfToken;
    return this.csrfToken;
  }
}

/**
 * For API tests about something other than sign-in: the headers of one signed-in person who is
 * made an owner of whichever existing shop the URL names (/api/t/:slug/...), on first use.
 */
export function ownerOfEveryShop(db: Db, config: AuthConfig): (url: string) => Promise<Record<string, string>> {
  let person: Promise<{ userId: string; headers: Record<string, string> }> | null = null;
  return async (url) => {
    person ??= (async () => {
      const user = await db.user.create({ data: { displayName: '測試店主' } });
      return { userId: user.id, headers: (await createSession(db, config, user.id)).headers };
    })();
    const { userId, headers } = await person;
    const slug = /^\/api\/t\/([^/?]+)/.exec(url)?.[1];
    const tenant = slug
      ? await db.tenant.findUnique({ where: { slug: decodeURIComponent(slug) }, select: { id: true } })
      : null;
    if (tenant) {
      await db.staff.upsert({
        where: { tenantId_userId: { tenantId: tenant.id, userId } },
        create: { tenantId: tenant.id, userId, displayName: '測試店主', role: 'owner' },
        update: {},
      });
    }
    return headers;
  };
}
