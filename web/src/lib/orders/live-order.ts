import { orderStreamUrl } from '#lib/api.ts';

/**
 * Calls `onchange` whenever the shop's order stream (GET /api/t/:tenant/orders/stream) says
 * this order changed, or that changes may have been missed (`resync`); `onlive` whether the
 * stream is listening. Returns the function
 * that closes the stream. Browser only; EventSource reconnects by itself.
 */
export function watchOrder(
  tenant: string,
  orderId: string,
  onchange: () => void,
  onlive: (live: boolean) => void = () => {},
): () => void {
  const source = new EventSource(orderStreamUrl(tenant));
  // `ready`: the server listens from here on (sent again after every reconnection).
  source.addEventListener('ready', () => onlive(true));
  source.addEventListener('error', () => onlive(false));
  source.addEventListener('order', (event) => {
    try {
      const { orderId: changed } = JSON.parse((event as MessageEvent<string>).data) as { orderId?: unknown };
      if (changed === orderId) onchange();
    } catch {
      // ignore a malformed event
    }
  });
  source.addEventListener('resync', onchange);
  return () => source.close();
}
