import type { FastifyInstance } from 'fastify';
import { lineOaChatUrl } from '../../domain/restaurant/storefront-urls.ts';
import type { ServerDeps } from '../deps.ts';
import { serverLineClients } from '../line-clients.ts';
import { SHOP_NOT_FOUND, shopCustomers } from './shop-customer.ts';

/**
 * GET /api/shop/:tenant/contact — 聯絡客服: the link that opens the chat with the shop's LINE
 * official account. Asked when a customer taps the button, not on every page view: it costs a
 * call to LINE (the account's basic ID).
 */
export async function shopContactRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const shops = shopCustomers(opts.deps);
  const lineClientFor = serverLineClients(opts.deps);

  app.get(
    '/api/shop/:tenant/contact',
    { config: { doc: { summary: "The link to the shop's LINE chat (聯絡客服)" } } },
    async (request, reply) => {
      const shop = await shops.shopOf(request);
      if (!shop) return reply.code(404).send(SHOP_NOT_FOUND);
      const bot = await lineClientFor(shop.id)
        .then((line) => line.getBotInfo())
        .catch((error: unknown) => {
          request.log.warn({ err: error, tenantId: shop.id }, 'LINE bot info for 聯絡客服 failed');
          return null;
        });
      if (!bot)
        return reply.code(503).send({ code: 'line_unavailable', message: '暫時無法開啟店家的 LINE，請稍後再試' });
      return { chatUrl: lineOaChatUrl(bot.basicId) };
    },
  );
}
