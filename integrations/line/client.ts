import { channelAccessToken, messagingApi } from '@line/bot-sdk';
import { LineApiError, toLineApiError } from './errors.ts';
import { useNodeHttp } from './http-transport.ts';

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

/** The channel an access token belongs to (`POST /v2/oauth/verify`). */
export interface LineTokenInfo {
  channelId: string;
  /** Seconds until the token expires (long-lived tokens: years). */
  expiresIn: number;
}

/** This month's push allowance: `null` limit = no limit (`type: 'none'`). */
export interface LineMessageQuota {
  limit: number | null;
  used: number;
}

/** A rich menu as LINE lists it (`GET /v2/bot/richmenu/list`). */
export interface LineRichMenuSummary {
  richMenuId: string;
  name: string;
}

export type LineRichMenuRequest = messagingApi.RichMenuRequest;

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
  /**
   * The same messages to up to 500 users in one call (counts once per recipient), keyed like push.
   * LINE allows 200 calls a second per channel: see multicast.ts for a sender that keeps to it.
   */
  multicast(to: string[], messages: LineMessage[], retryKey: string): Promise<'sent' | 'duplicate'>;
  getProfile(userId: string): Promise<LineProfile>;
  /** A group member's profile: works for members who are not the shop's friends (getProfile 404s for them). */
  getGroupMemberProfile(groupId: string, userId: string): Promise<LineProfile>;
  /** For "verify connection": proves the access token works and names the bot. */
  getBotInfo(): Promise<LineBotInfo>;
  /** Which channel the access token was issued for, and until when (rejects when it is invalid). */
  verifyToken(): Promise<LineTokenInfo>;
  /** The monthly limit of pushes and how many were sent this month. */
  getMessageQuota(): Promise<LineMessageQuota>;
  /** Image/video/audio a user sent (data API). */
  getMessageContent(messageId: string): Promise<LineContent>;
  /** Rich menus (Messaging API "Rich menu"); the image goes to the data API. */
  createRichMenu(menu: LineRichMenuRequest): Promise<string>;
  setRichMenuImage(richMenuId: string, contentType: 'image/jpeg' | 'image/png', data: Buffer): Promise<void>;
  listRichMenus(): Promise<LineRichMenuSummary[]>;
  deleteRichMenu(richMenuId: string): Promise<void>;
  setDefaultRichMenu(richMenuId: string): Promise<void>;
  linkRichMenuToUser(userId: string, richMenuId: string): Promise<void>;
  /** Back to the default menu (LINE answers 404 when the user had no menu of their own). */
  unlinkRichMenuFromUser(userId: string): Promise<void>;
  /** The menu an alias points at; null when the alias does not exist. */
  getRichMenuAlias(richMenuAliasId: string): Promise<string | null>;
  /** Points the alias at the menu: creates it, or updates it when it exists. */
  setRichMenuAlias(richMenuAliasId: string, richMenuId: string): Promise<void>;
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

/** A send with a retry key: 409 means an earlier attempt with this key was accepted. */
async function keyed(send: () => Promise<unknown>): Promise<'sent' | 'duplicate'> {
  try {
    await send();
    return 'sent';
  } catch (err) {
    const e = toLineApiError(err);
    if (e.status === 409) return 'duplicate';
    throw e;
  }
}

/** All methods reject with `LineApiError` only. */
export function createLineClient(opts: CreateLineClientOptions): LineClient {
  // Replies, pushes and profiles are the hot calls: node:http under the SDK (http-transport.ts).
  const api = useNodeHttp(
    new messagingApi.MessagingApiClient({
      channelAccessToken: opts.channelAccessToken,
      baseURL: opts.apiBaseUrl,
    }),
  );
  const tokens = new channelAccessToken.ChannelAccessTokenClient({ baseURL: opts.apiBaseUrl });
  const blob = new messagingApi.MessagingApiBlobClient({
    channelAccessToken: opts.channelAccessToken,
    baseURL: opts.dataApiBaseUrl,
  });

  async function getRichMenuAlias(richMenuAliasId: string): Promise<string | null> {
    try {
      return (await api.getRichMenuAlias(richMenuAliasId)).richMenuId;
    } catch (err) {
      const e = toLineApiError(err);
      if (e.status === 404) return null;
      throw e;
    }
  }

  return {
    async reply(replyToken, messages) {
      await call(() => api.replyMessage({ replyToken, messages }));
    },

    async push(to, messages, retryKey) {
      return keyed(() => api.pushMessage({ to, messages }, retryKey));
    },

    async multicast(to, messages, retryKey) {
      return keyed(() => api.multicast({ to, messages }, retryKey));
    },

    async getGroupMemberProfile(groupId, userId) {
      const p = await call(() => api.getGroupMemberProfile(groupId, userId));
      return {
        userId: p.userId,
        displayName: p.displayName,
        ...(p.pictureUrl !== undefined ? { pictureUrl: p.pictureUrl } : {}),
      };
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

    async verifyToken() {
      const info = await call(() => tokens.verifyChannelToken(opts.channelAccessToken));
      return { channelId: String(info.client_id), expiresIn: info.expires_in };
    },

    async getMessageQuota() {
      const [quota, consumption] = await Promise.all([
        call(() => api.getMessageQuota()),
        call(() => api.getMessageQuotaConsumption()),
      ]);
      return {
        limit: quota.type === 'limited' && typeof quota.value === 'number' ? quota.value : null,
        used: consumption.totalUsage,
      };
    },

    getMessageContent(messageId) {
      return call(async () => {
        const { httpResponse, body } = await blob.getMessageContentWithHttpInfo(messageId);
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
        return { contentType: httpResponse.headers.get('content-type') ?? undefined, data: Buffer.concat(chunks) };
      });
    },

    async createRichMenu(menu) {
      return (await call(() => api.createRichMenu(menu))).richMenuId;
    },

    async setRichMenuImage(richMenuId, contentType, data) {
      await call(() => blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(data)], { type: contentType })));
    },

    async listRichMenus() {
      const { richmenus } = await call(() => api.getRichMenuList());
      return richmenus.map((m) => ({ richMenuId: m.richMenuId, name: m.name }));
    },

    async deleteRichMenu(richMenuId) {
      await call(() => api.deleteRichMenu(richMenuId));
    },

    async setDefaultRichMenu(richMenuId) {
      await call(() => api.setDefaultRichMenu(richMenuId));
    },

    async linkRichMenuToUser(userId, richMenuId) {
      await call(() => api.linkRichMenuIdToUser(userId, richMenuId));
    },

    async unlinkRichMenuFromUser(userId) {
      await call(() => api.unlinkRichMenuIdFromUser(userId));
    },

    getRichMenuAlias,

    async setRichMenuAlias(richMenuAliasId, richMenuId) {
      const current = await getRichMenuAlias(richMenuAliasId);
      if (current === richMenuId) return;
      if (current === null) await call(() => api.createRichMenuAlias({ richMenuAliasId, richMenuId }));
      else await call(() => api.updateRichMenuAlias(richMenuAliasId, { richMenuId }));
    },
  };
}

export { LineApiError };
