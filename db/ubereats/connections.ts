import type { Db } from '../client.ts';
import type { SecretBox } from '../secret-box.ts';

/**
 * A branch's Uber Eats connection. The client secret and the cached token are sealed with the
 * secret box; what leaves this module for a page never carries either.
 */

export interface UberEatsConnectionView {
  id: string;
  branchId: string;
  storeId: string;
  clientId: string;
  autoAccept: boolean;
  /** The connection's health, as it is: a token Jiayi holds and until when, the last event, the last error. */
  health: {
    token: 'none' | 'valid' | 'expired';
    tokenExpiresAt: Date | null;
    tokenRequests: number;
    lastEventAt: Date | null;
    lastError: string | null;
    lastErrorAt: Date | null;
  };
}

/** What Jiayi needs to talk to Uber for the connection (secrets opened). */
export interface UberEatsCredentials {
  id: string;
  tenantId: string;
  branchId: string;
  storeId: string;
  clientId: string;
  clientSecret: string;
  autoAccept: boolean;
  token: { accessToken: string; expiresAt: Date } | null;
}

const viewColumns = {
  id: true,
  branchId: true,
  storeId: true,
  clientId: true,
  autoAccept: true,
  tokenSealed: true,
  tokenExpiresAt: true,
  tokenRequests: true,
  lastEventAt: true,
  lastError: true,
  lastErrorAt: true,
} as const;

interface ViewRow {
  id: string;
  branchId: string;
  storeId: string;
  clientId: string;
  autoAccept: boolean;
  tokenSealed: string | null;
  tokenExpiresAt: Date | null;
  tokenRequests: number;
  lastEventAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

function view(row: ViewRow, now: Date): UberEatsConnectionView {
  const token = !row.tokenSealed || !row.tokenExpiresAt ? 'none' : row.tokenExpiresAt > now ? 'valid' : 'expired';
  return {
    id: row.id,
    branchId: row.branchId,
    storeId: row.storeId,
    clientId: row.clientId,
    autoAccept: row.autoAccept,
    health: {
      token,
      tokenExpiresAt: row.tokenExpiresAt,
      tokenRequests: row.tokenRequests,
      lastEventAt: row.lastEventAt,
      lastError: row.lastError,
      lastErrorAt: row.lastErrorAt,
    },
  };
}

/** The ID of the branch's Uber Eats connection, or null when it has none. */
export async function uberEatsConnectionIdOf(db: Db, tenantId: string, branchId: string): Promise<string | null> {
  const row = await db.uberEatsConnection.findFirst({ where: { tenantId, branchId }, select: { id: true } });
  return row?.id ?? null;
}

export async function getUberEatsConnection(db: Db, tenantId: string, branchId: string, now = new Date()) {
  const row = await db.uberEatsConnection.findFirst({ where: { tenantId, branchId }, select: viewColumns });
  return row ? view(row, now) : null;
}

export type SaveUberEatsConnection =
  { storeId: string; clientId: string; clientSecret?: string | undefined; autoAccept: boolean };

/**
 * Connects the branch, or changes its connection. A new client ID or secret drops the cached
 * token (it belonged to the old credentials). 'secret_required' when connecting without one;
 * 'store_taken' when another branch holds the store.
 */
export async function saveUberEatsConnection(
  db: Db,
  secrets: SecretBox,
  tenantId: string,
  branchId: string,
  input: SaveUberEatsConnection,
): Promise<{ ok: true; connection: UberEatsConnectionView } | { ok: false; reason: 'secret_required' | 'store_taken' }> {
  const before = await db.uberEatsConnection.findFirst({ where: { tenantId, branchId }, select: { id: true, clientId: true } });
  const taken = await db.uberEatsConnection.findFirst({
    where: { storeId: input.storeId, NOT: { tenantId, branchId } },
    select: { id: true },
  });
  if (taken) return { ok: false, reason: 'store_taken' };
  const sealed = input.clientSecret ? secrets.seal(input.clientSecret) : null;
  const credentialsChanged = sealed !== null || before?.clientId !== input.clientId;
  const fields = {
    storeId: input.storeId,
    clientId: input.clientId,
    autoAccept: input.autoAccept,
    ...(sealed ? { clientSecretSealed: sealed } : {}),
    ...(credentialsChanged ? { tokenSealed: null, tokenExpiresAt: null } : {}),
  };
  if (!before) {
    if (!sealed) return { ok: false, reason: 'secret_required' };
    await db.uberEatsConnection.create({ data: { tenantId, branchId, ...fields, clientSecretSealed: sealed } });
  } else {
    await db.uberEatsConnection.updateMany({ where: { tenantId, branchId }, data: fields });
  }
  return { ok: true, connection: (await getUberEatsConnection(db, tenantId, branchId))! };
}

export async function deleteUberEatsConnection(db: Db, tenantId: string, branchId: string): Promise<boolean> {
  return (await db.uberEatsConnection.deleteMany({ where: { tenantId, branchId } })).count > 0;
}

/** The connection a webhook URL names (its ID is in the URL Uber was given), secrets opened. */
export async function uberEatsCredentials(
  db: Db,
  secrets: SecretBox,
  where: { id: string; tenantId?: string },
): Promise<UberEatsCredentials | null> {
  const row = await db.uberEatsConnection.findFirst({ where });
  if (!row) return null;
  return {
    id: row.id,
    tenantId: row.tenantId,
    branchId: row.branchId,
    storeId: row.storeId,
    clientId: row.clientId,
    clientSecret: secrets.open(row.clientSecretSealed),
    autoAccept: row.autoAccept,
    token:
      row.tokenSealed && row.tokenExpiresAt ? { accessToken: secrets.open(row.tokenSealed), expiresAt: row.tokenExpiresAt } : null,
  };
}

/** Keeps a new token (sealed) until it expires, and counts the request against Uber's hourly limit. */
export async function storeUberEatsToken(
  db: Db,
  secrets: SecretBox,
  connectionId: string,
  token: { accessToken: string; expiresAt: Date },
): Promise<void> {
  await db.uberEatsConnection.updateMany({
    where: { id: connectionId },
    data: { tokenSealed: secrets.seal(token.accessToken), tokenExpiresAt: token.expiresAt, tokenRequests: { increment: 1 } },
  });
}

/** Uber refused the token (revoked, or the app's credentials changed at Uber): ask for a new one next time. */
export async function dropUberEatsToken(db: Db, connectionId: string): Promise<void> {
  await db.uberEatsConnection.updateMany({ where: { id: connectionId }, data: { tokenSealed: null, tokenExpiresAt: null } });
}

export async function recordUberEatsEvent(db: Db, connectionId: string, at = new Date()): Promise<void> {
  await db.uberEatsConnection.updateMany({ where: { id: connectionId }, data: { lastEventAt: at } });
}

export async function recordUberEatsError(db: Db, connectionId: string, message: string, at = new Date()): Promise<void> {
  await db.uberEatsConnection.updateMany({
    where: { id: connectionId },
    data: { lastError: message.slice(0, 500), lastErrorAt: at },
  });
}
