import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { HTTPFetchError } from '@line/bot-sdk';

/**
 * The Messaging API client of @line/bot-sdk builds every request (path, body, retry key) and
 * reads every answer; what moves the bytes is its HTTP client, which calls the global `fetch`.
 * In a live sale one process sends a thousand replies a second, and fetch's per-request
 * machinery (Request, Headers, web streams) was about half of that work. `useNodeHttp` gives
 * the SDK client the same four JSON methods over node:http with kept-alive sockets instead;
 * requests, answers and errors (HTTPFetchError, as the SDK throws) are unchanged.
 */

/** A stalled LINE call fails (status 0, as a dropped connection) instead of holding its caller. */
const REQUEST_TIMEOUT_MS = 30_000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 128 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 128 }),
};

type Params = Record<string, unknown> | undefined;

/** What the SDK reads of an answer: its status, headers and text. */
class SdkResponse {
  readonly status: number;
  readonly statusText: string;
  readonly #rawHeaders: IncomingHttpHeaders;
  readonly #body: string;
  #headers: Headers | null = null;
  constructor(status: number, statusText: string, rawHeaders: IncomingHttpHeaders, body: string) {
    this.status = status;
    this.statusText = statusText;
    this.#rawHeaders = rawHeaders;
    this.#body = body;
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  get headers(): Headers {
    this.#headers ??= new Headers(
      Object.entries(this.#rawHeaders).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
      ),
    );
    return this.#headers;
  }
  text(): Promise<string> {
    return Promise.resolve(this.#body);
  }
  json(): Promise<unknown> {
    return Promise.resolve(JSON.parse(this.#body));
  }
}

function withQuery(url: URL, params: Params): URL {
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value != null) url.searchParams.append(key, String(value as string | number | boolean));
  }
  return url;
}

/** The SDK's HTTPFetchClient, JSON methods only, over node:http. */
class NodeHttpClient {
  readonly baseURL: string;
  readonly defaultHeaders: Record<string, string>;
  constructor(baseURL: string, defaultHeaders: Record<string, string>) {
    this.baseURL = baseURL;
    this.defaultHeaders = defaultHeaders;
  }

  get(path: string, params?: Params) {
    return this.send('GET', withQuery(new URL(path, this.baseURL), params), this.defaultHeaders);
  }
  delete(path: string, params?: Params) {
    return this.send('DELETE', withQuery(new URL(path, this.baseURL), params), this.defaultHeaders);
  }
  post(path: string, body?: unknown, config?: { headers?: Record<string, string> }) {
    return this.sendJson('POST', path, body, config);
  }
  put(path: string, body?: unknown, config?: { headers?: Record<string, string> }) {
    return this.sendJson('PUT', path, body, config);
  }

  private sendJson(method: string, path: string, body: unknown, config?: { headers?: Record<string, string> }) {
    const headers = { 'content-type': 'application/json', ...this.defaultHeaders, ...config?.headers };
    return this.send(method, new URL(path, this.baseURL), headers, JSON.stringify(body));
  }

  private async send(method: string, url: URL, headers: Record<string, string>, body?: string) {
    const response = await request(method, url, headers, body);
    if (!response.ok) {
      throw new HTTPFetchError(`${response.status} - ${response.statusText}`, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body: await response.text(),
      });
    }
    return response;
  }
}

function request(method: string, url: URL, headers: Record<string, string>, body?: string): Promise<SdkResponse> {
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(new TypeError(`Unsupported protocol ${url.protocol}`));
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method,
        agent,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => resolve(new SdkResponse(res.statusCode ?? 0, res.statusMessage ?? '', res.headers, text)));
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('LINE API request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** The SDK client with node:http under it; its base URL and headers (token, user agent) kept. */
export function useNodeHttp<T extends object>(client: T): T {
  const holder = client as unknown as { httpClient?: { baseURL?: unknown; defaultHeaders?: unknown } };
  const fetchClient = holder.httpClient;
  // Fails at once, in every test, if an upgrade of the SDK moves what this replaces.
  if (typeof fetchClient?.baseURL !== 'string' || typeof fetchClient.defaultHeaders !== 'object') {
    throw new Error('@line/bot-sdk: the API client no longer has the HTTP client this module replaces');
  }
  holder.httpClient = new NodeHttpClient(fetchClient.baseURL, fetchClient.defaultHeaders as Record<string, string>);
  return client;
}
