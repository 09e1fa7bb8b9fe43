import { z } from 'zod';

/**
 * The opaque cursor of the admin lists: the last row of a page, by (created_at, id), which
 * stays stable while new rows arrive. Base64url JSON, so it survives a query string.
 */
const cursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export interface PageCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(row: PageCursor): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

/** null for anything this API did not give out. */
export function decodeCursor(cursor: string): PageCursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { createdAt: new Date(parsed.data[0]), id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}
