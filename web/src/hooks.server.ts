import { dev } from '$app/env';
import type { Handle, HandleFetch } from '@sveltejs/kit/hooks';
import { SHOP_LOCALE_HEADER } from '#lib/domain.ts';
import { LOCALE_COOKIE, LOCALE_QUERY, matchLocale, resolveLocale } from '#lib/i18n/locale.ts';

const ONE_YEAR_S = 60 * 60 * 24 * 365;

export const handle: Handle = async ({ event, resolve }) => {
  // Admin pages need a session: the Fastify server sends a browser without one to /sign-in
  // (api/plugins/web.ts), and the admin layout's data (GET /api/t/:tenant/me) answers 404 for a
  // shop the person is not a member of. The API checks every call again.
  const query = event.url.searchParams.get(LOCALE_QUERY);
  const chosen = matchLocale(query);
  if (chosen) {
    event.cookies.set(LOCALE_COOKIE, chosen, {
      path: '/',
      maxAge: ONE_YEAR_S,
      httpOnly: false,
      sameSite: 'lax',
      secure: event.url.protocol === 'https:',
    });
  }
  const locale = resolveLocale({
    query,
    cookie: event.cookies.get(LOCALE_COOKIE),
    // Set by the server on a shop's admin pages only (api/plugins/web.ts).
    shopDefault: event.request.headers.get(SHOP_LOCALE_HEADER),
    acceptLanguage: event.request.headers.get('accept-language'),
  });
  event.locals.locale = locale;
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
};

/**
 * Server-side loads fetch the JSON API (`/api/...`) that the Fastify server in this same
 * process answers. SvelteKit would route a same-origin fetch to itself, so send it to the
 * socket the page request came in on, with the visitor's cookies and language.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || !url.pathname.startsWith('/api/')) return fetch(request);

  const socket = event.platform?.req?.socket;
  let apiOrigin: string;
  if (socket?.localPort) {
    const address = socket.localAddress ?? '127.0.0.1';
    apiOrigin = `${event.url.protocol}//${address.includes(':') ? `[${address}]` : address}:${socket.localPort}`;
  } else if (dev) {
    // `vite dev` in web/: the API is the separately started server (api/main.ts).
    apiOrigin = process.env.JIAYI_API_ORIGIN ?? 'http://127.0.0.1:3000';
  } else {
    return fetch(request);
  }

  const headers = new Headers(request.headers);
  for (const name of ['cookie', 'accept-language']) {
    const value = event.request.headers.get(name);
    if (value && !headers.has(name)) headers.set(name, value);
  }
  return globalThis.fetch(`${apiOrigin}${url.pathname}${url.search}`, {
    method: request.method,
    headers,
    body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer(),
    redirect: 'manual',
    signal: request.signal,
  });
};
