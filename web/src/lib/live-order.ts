import { orderStreamUrl } from './api.ts';

/**
 * Calls `onchange` whenever the shop's order stream (GET /api/t/:tenant/orders/stream) says
 * this order changed, or that changes may have been missed (`resync`). Returns the function
 * that closes the stream. Browser only; EventSource reconnects by itself.
 */
export function watchOrder(tenant: string, orderId: string, onchange: () => void): () => void {
  const source = new EventSource(orderStreamUrl(tenant));
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
