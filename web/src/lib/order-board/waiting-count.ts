import { apiFetch } from '#lib/auth.ts';
import { boardStreamUrl, boardUrl, type BoardView } from '#lib/api.ts';
import { coalesce } from '#lib/orders/coalesce.ts';
import { keepStreamOpen } from '#lib/orders/event-stream.ts';

const COALESCE_MS = 150;

/**
 * Keeps `oncount` told how many of a branch's orders wait to be accepted, while the member is
 * on any other admin page (the menu's 訂單處理 badge). The board's stream says when to count
 * again. Returns the function that stops. Browser only.
 */
export function watchWaiting(tenant: string, branchId: string, oncount: (waiting: number) => void): () => void {
  let asked = 0;
  const count = async () => {
    const mine = ++asked;
    const result = await apiFetch<BoardView>(boardUrl(tenant, branchId, { status: 'pending' })).catch(() => null);
    if (mine === asked && result?.ok) oncount(result.body.counts.pending);
  };
  // A batch of changes counts once.
  const counting = coalesce(COALESCE_MS, () => void count());
  const again = () => counting.soon();
  const stream = keepStreamOpen(
    boardStreamUrl(tenant, branchId),
    { ready: again, change: again, resync: again },
    () => {},
  );
  return () => {
    stream.close();
    counting.cancel();
  };
}
