import type { Socket } from 'node:net';
import { IdTokenKeys } from './id-token-keys.ts';
import { RichMenuState } from './richmenu-store.ts';
import { RateWindow } from './rate-limit.ts';

/** Everything the sandbox knows, in memory; tests read it directly through `buildLineSandbox().store`. */

export interface SandboxChannel {
  channelId: string;
  channelSecret: string;
  channelAccessToken: string;
  /** The bot's user ID: the webhook body's `destination`. */
  botUserId: string;
  webhookUrl: string;
  displayName: string;
  basicId: string;
  pictureUrl?: string;
  /** Monthly push limit; unset means `{ type: 'none' }` (no limit). */
  monthlyQuota?: number;
  /** Multicast requests a second; LINE's limit (RATE_LIMITS.multicast) unless lowered for a test. */
  multicastPerSecond?: number;
}

export interface SandboxUser {
  userId: string;
  displayName: string;
  pictureUrl?: string;
  statusMessage?: string;
  language?: string;
  /** false: not the shop's friend, so /v2/bot/profile answers 404 (as LINE does); group member profiles still work. */
  isFriend?: boolean;
}

export interface ReplyTokenRecord {
  token: string;
  channelId: string;
  /** Where a reply goes: the user, group or room the event came from. */
  to: string;
  webhookEventId: string;
  expiresAt: number;
  usedAt?: number;
}

export interface SentRecord {
  id: number;
  channelId: string;
  kind: 'reply' | 'push' | 'multicast';
  /** The recipient; '' for a multicast, whose recipients are in `recipients`. */
  to: string;
  recipients?: string[];
  messages: unknown[];
  retryKey?: string;
  replyToken?: string;
  requestId: string;
  sentMessages: { id: string; quoteToken: string }[];
  at: string;
}

export interface DeliveryRecord {
  id: number;
  channelId: string;
  url: string;
  webhookEventIds: string[];
  isRedelivery: boolean;
  /** The exact bytes POSTed (as UTF-8 text) and their signature. */
  body: string;
  signature: string;
  /** HTTP status of the webhook's answer; 0 when none came (refused, reset, timeout). */
  status: number;
  error?: string;
  durationMs: number;
  at: string;
}

export interface StoredEvent {
  channelId: string;
  event: Record<string, unknown>;
  at: string;
}

export interface StoredContent {
  channelId: string;
  contentType: string;
  data: Buffer;
}

/** A LINE Login channel (developers.line.biz: channel ID, secret, callback URLs). */
export interface SandboxLoginChannel {
  channelId: string;
  channelSecret: string;
  /** Registered callback URLs; redirect_uri must be one of them. Empty: any http(s) URL (sandbox only). */
  callbackUrls: string[];
  name: string;
  /** User IDs are per provider: the same person has another ID under another provider. */
  providerId: string;
}

/** A LIFF app (LINE Developers console: LIFF tab) on a LINE Login channel. */
export interface SandboxLiffApp {
  /** `<login channel ID>-<8 characters>`, as LINE issues them: the SDK reads the channel from it. */
  liffId: string;
  channelId: string;
  view: { type: 'compact' | 'tall' | 'full'; url: string };
  description: string;
  scope: string[];
  botPrompt: 'normal' | 'aggressive' | 'none';
}

/** An authorization code between the consent screen and the token endpoint. */
export interface SandboxAuthCode {
  code: string;
  channelId: string;
  redirectUri: string;
  /** The sandbox user who approved (store.users key). */
  userId: string;
  scope: string;
  nonce?: string;
  codeChallenge?: string;
  /** The LIFF app whose login this is: its SDK exchanges the code without a secret. */
  liffAppId?: string;
  expiresAt: number;
  usedAt?: number;
}

export interface SandboxLoginAccessToken {
  token: string;
  channelId: string;
  userId: string;
  scope: string;
  expiresAt: number;
}

export type FaultMode = 'hang' | 'error500' | 'error400' | 'error401';

export interface Fault {
  path: string;
  mode: FaultMode;
  /** How many more matching requests this fault takes; `null` = until cleared. */
  remaining: number | null;
  /** Matching requests to let through untouched before the fault starts (default 0). */
  skip?: number;
}

export interface HeldRequest {
  path: string;
  socket: Socket;
  at: string;
}

export interface RetryKeyRecord {
  requestId: string;
  sentMessages: { id: string; quoteToken: string }[];
}

export class SandboxStore {
  readonly channels = new Map<string, SandboxChannel>();
  readonly users = new Map<string, SandboxUser>();
  readonly replyTokens = new Map<string, ReplyTokenRecord>();
  /** key: `${channelId} ${retryKey}` (a retry key is scoped to its channel). */
  readonly retryKeys = new Map<string, RetryKeyRecord>();
  readonly sent: SentRecord[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  /** Every event delivered, by webhookEventId (for redelivery and the chat page). */
  readonly events = new Map<string, StoredEvent>();
  readonly contents = new Map<string, StoredContent>();
  /** Accepted pushes per channel (replies are free); a multicast counts once per recipient. */
  readonly pushUsage = new Map<string, number>();
  /** Requests per channel and endpoint in the last second, for LINE's rate limits. */
  readonly rates = new RateWindow();
  faults: Fault[] = [];
  readonly held = new Set<HeldRequest>();
  readonly loginChannels = new Map<string, SandboxLoginChannel>();
  /** Login channels the sandbox starts with; `reset()` keeps them. */
  readonly builtinLoginChannels: SandboxLoginChannel[] = [];
  readonly authCodes = new Map<string, SandboxAuthCode>();
  readonly loginAccessTokens = new Map<string, SandboxLoginAccessToken>();
  /** LIFF apps by LIFF ID (routes-liff.ts). */
  readonly liffApps = new Map<string, SandboxLiffApp>();
  /** LINE's ES256 key for LIFF ID tokens, published at /oauth2/v2.1/certs. */
  readonly idTokenKeys = new IdTokenKeys();
  /** Rich menus, their images, aliases, the default and per-user links (richmenu-store.ts). */
  readonly richMenus = new RichMenuState();
  private seq = 0;

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  upsertChannel(channel: SandboxChannel): SandboxChannel {
    this.channels.set(channel.channelId, channel);
    return channel;
  }

  channelByToken(token: string): SandboxChannel | undefined {
    for (const ch of this.channels.values()) if (ch.channelAccessToken === token) return ch;
    return undefined;
  }

  issueReplyToken(rec: ReplyTokenRecord): void {
    this.replyTokens.set(rec.token, rec);
  }

  /** One use only, before it expires, and only by the channel it was issued to. */
  consumeReplyToken(channelId: string, token: string, now: number): ReplyTokenRecord | undefined {
    const rec = this.replyTokens.get(token);
    if (!rec || rec.channelId !== channelId || rec.usedAt !== undefined || now > rec.expiresAt) return undefined;
    rec.usedAt = now;
    return rec;
  }

  sentFor(channelId: string, to?: string): SentRecord[] {
    return this.sent.filter(
      (s) => s.channelId === channelId && (to === undefined || s.to === to || (s.recipients?.includes(to) ?? false)),
    );
  }

  deliveriesFor(channelId: string): DeliveryRecord[] {
    return this.deliveries.filter((d) => d.channelId === channelId);
  }

  usage(channelId: string): number {
    return this.pushUsage.get(channelId) ?? 0;
  }

  /** Destroy every held socket (the client sees a network error) and forget them. */
  releaseHeld(): number {
    const n = this.held.size;
    for (const h of this.held) h.socket.destroy();
    this.held.clear();
    return n;
  }

  reset(): void {
    this.releaseHeld();
    this.channels.clear();
    this.users.clear();
    this.replyTokens.clear();
    this.retryKeys.clear();
    this.sent.length = 0;
    this.deliveries.length = 0;
    this.events.clear();
    this.contents.clear();
    this.pushUsage.clear();
    this.rates.clear();
    this.faults = [];
    this.loginChannels.clear();
    for (const channel of this.builtinLoginChannels) this.loginChannels.set(channel.channelId, channel);
    this.authCodes.clear();
    this.loginAccessTokens.clear();
    this.liffApps.clear();
    this.richMenus.clear();
  }
}
