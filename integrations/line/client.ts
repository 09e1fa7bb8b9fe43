import { messagingApi } from '@line/bot-sdk';
import { LineApiError, toLineApiError } from './errors.ts';

/** Any Messaging API message object; text (`{ type: 'text', text }`) is what we send most. */
export type LineMessage = messagingApi.Message;
export type LineTextMessage = messagingApi.TextMessage;

export interface LineProfile {
  userId: string;
  displayName: string;
  pictureUrl?: string;
  statusMessage?: string;
  language?: string;
}

export type LineBotInfo = messagingApi.BotInfoResponse;

export interface LineContent {
  contentType: string | undefined;
  data: Buffer;
}

/** What our server and activities need from LINE, one instance per tenant channel. */
export interface LineClient {
  /** Reply with a webhook's reply token (free; 1–5 messages; the token works once, for ~1 min). */
  reply(replyToken: string, messages: LineMessage[]): Promise<void>;
  /**
   * Push (counts against the monthly quota). `retryKey` is a UUID kept for every retry of the
   * same logical send; `'duplicate'` means LINE had already accepted that key: delivered.
   */
  push(to: string, messages: LineMessage[], retryKey: string): Promise<'sent' | 'duplicate'>;
  getProfile(userId: string): Promise<LineProfile>;
  /** For "verify connection": proves the access token works and names the bot. */
  getBotInfo(): Promise<LineBotInfo>;
  /** Image/video/audio a user sent (data API). */
  getMessageContent(messageId: string): Promise<LineContent>;
}

export interface CreateLineClientOptions {
  channelAccessToken: string;
  /** https://api.line.me, or the sandbox. */
  apiBaseUrl: string;
  /** https://api-data.line.me, or the sandbox. */
  dataApiBaseUrl: string;
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toLineApiError(err);
  }
}

/** All methods reject with `LineApiError` only. */
export function createLineClient(opts: CreateLineClientOptions): LineClient {
  const api = new messagingApi.MessagingApiClient({
    channelAccessToken: opts.channelAccessToken,
    baseURL: opts.apiBaseUrl,
  });
  const blob = new messagingApi.MessagingApiBlobClient({
    channelAccessToken: opts.channelAccessToken,
    baseURL: opts.dataApiBaseUrl,
  });

  return {
    async reply(replyToken, messages) {
      await call(() => api.replyMessage({ replyToken, messages }));
    },

    async push(to, messages, retryKey) {
      try {
        await api.pushMessage({ to, messages }, retryKey);
        return 'sent';
      } catch (err) {
        const e = toLineApiError(err);
        // 409 on a retry key = an earlier attempt with this key was accepted
        if (e.status === 409) return 'duplicate';
        throw e;
      }
    },

    async getProfile(userId) {
      const p = await call(() => api.getProfile(userId));
      return {
        userId: p.userId,
        displayName: p.displayName,
        ...(p.pictureUrl !== undefined ? { pictureUrl: p.pictureUrl } : {}),
        ...(p.statusMessage !== undefined ? { statusMessage: p.statusMessage } : {}),
        ...(p.language !== undefined ? { language: p.language } : {}),
      };
    },

    getBotInfo() {
      return call(() => api.getBotInfo());
    },

    getMessageContent(messageId) {
      return call(async () => {
        const { httpResponse, body } = await blob.getMessageContentWithHttpInfo(messageId);
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
        return { contentType: httpResponse.headers.get('content-type') ?? undefined, data: Buffer.concat(chunks) };
      });
    },
  };
}

export { LineApiError };
