/**
 * What a printer's polls say about it (Star CloudPRNT): the status code it reports ("200 OK",
 * "410 Out of paper"; URL-encoded on the wire) and how long since it last polled. A printer
 * that stopped polling for longer than the poll timeout is taken as off or disconnected.
 */

/** The printers are set to poll every 5 seconds; the spec's poll timeout is 2 × interval + 5 s. */
export const POLL_INTERVAL_SECONDS = 5;
export const POLL_TIMEOUT_MS = (2 * POLL_INTERVAL_SECONDS + 5) * 1000;

export type PrinterHealth = 'ok' | 'never_polled' | 'offline' | 'paper_out' | 'cover_open' | 'error';

/** "200%20OK" → "200 OK"; an undecodable code is kept as sent. */
export function decodeStatusCode(raw: string): string {
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

/** 2xx: online (21x a paper warning only); 41x paper; 42x cover; other 4xx/5xx an error. */
export function statusHealth(statusCode: string): Exclude<PrinterHealth, 'never_polled' | 'offline'> {
  const code = statusCode.slice(0, 3);
  if (code.startsWith('2')) return 'ok';
  if (code.startsWith('41')) return 'paper_out';
  if (code.startsWith('42')) return 'cover_open';
  return 'error';
}

export function printerHealth(lastPollAt: Date | null, lastStatus: string | null, now: Date): PrinterHealth {
  if (!lastPollAt) return 'never_polled';
  if (now.getTime() - lastPollAt.getTime() > POLL_TIMEOUT_MS) return 'offline';
  return statusHealth(lastStatus ?? '200');
}

/** What the staff read (in LINE, on the board and the settings page). */
export const HEALTH_TEXT: Record<PrinterHealth, string> = {
  ok: '正常',
  never_polled: '尚未連線',
  offline: '離線（超過 15 秒沒有回應）',
  paper_out: '缺紙',
  cover_open: '紙艙蓋未關',
  error: '故障',
};

/** A printer error status makes a fetched job printable again; only 2xx means it went through. */
export function isPrinterError(statusCode: string): boolean {
  return !statusCode.startsWith('2');
}
