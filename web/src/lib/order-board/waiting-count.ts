import { apiFetch } from '#lib/auth.ts';
import { boardStreamUrl, boardUrl, type BoardView } from '#lib/api.ts';

/**
 * Keeps `oncount` told how many of a branch's orders wait to be accepted, while the member is
 * on any other admin page (the menu's 訂單處理 badge). The board's stream says when to count
 * again; EventSource reconnects by itself. Returns the function that stops. Browser only.
 */
export function watchWaiting(tenant: string, branchId: string, oncount: (waiting: number) => void): () => void {
  let asked = 0;
  const count = async () => {
    const mine = ++asked;
    const result = await apiFetch<BoardView>(boardUrl(tenant, branchId, { status: 'pending' })).catch(() => null);
    if (mine === asked && result?.ok) oncount(result.body.counts.pending);
  };
  const source = new EventSource(boardStreamUrl(tenant, branchId));
  source.addEventListener('ready', () => void count());
  source.addEventListener('change', () => void count());
  source.addEventListener('resync', () => void count());
  return () => source.close();
}
