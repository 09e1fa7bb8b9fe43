import { createLiffApp, liffIdToken } from './line-sandbox.ts';
import type { Stack } from './stack.ts';

/**
 * A customer's browser on the shop pages, over HTTP: its cookies and the pre-session CSRF token
 * the web app sends, and sign-in with the ID token LIFF would get from the LINE sandbox.
 */
export interface CustomerBrowser {
  cookies: Map<string, string>;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> | null }>;
  signIn(shop: { slug: string; liffId: string }, lineUserId: string): Promise<void>;
}

/** Gives a test shop a LIFF app in the sandbox (its page as the endpoint) and stores its LIFF ID. */
export async function withLiff<T extends { id: string; slug: string }>(
  stack: Stack,
  tenant: T,
  loginChannelId: string,
): Promise<T & { liffId: string }> {
  const liffId = await createLiffApp(stack, {
    channelId: loginChannelId,
    endpointUrl: `${stack.apiUrl}/shop/${tenant.slug}`,
  });
  await stack.db.tenant.update({ where: { id: tenant.id }, data: { liffId } });
  return { ...tenant, liffId };
}

export async function customerBrowser(stack: Stack): Promise<CustomerBrowser> {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value.join('=') === '') cookies.delete(name!);
      else cookies.set(name!, value.join('='));
    }
    return response;
  };
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = (await keep(await fetch(`${stack.apiUrl}/api/auth/csrf`, { headers: { cookie: cookie() } })).json()) as {
    csrfToken: string;
  };
  const call: CustomerBrowser['call'] = async (method, path, body) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        cookie: cookie(),
        'x-csrf-token': csrf.csrfToken,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    keep(response);
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
  return {
    cookies,
    call,
    async signIn(shop, lineUserId) {
      const answer = await call('POST', `/api/shop/${shop.slug}/session`, {
        idToken: await liffIdToken(stack, shop.liffId, lineUserId),
      });
      if (answer.status !== 200) throw new Error(`sign-in answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    },
  };
}
