import Fastify from 'fastify';
import type { ServerDeps } from './deps.ts';
import { webPlugin } from './plugins/web.ts';
import { authPlugin } from './plugins/auth.ts';
import { authSessionRoutes } from './routes/auth-session.ts';
import { authPasswordRoutes } from './routes/auth-password.ts';
import { authLineRoutes } from './routes/auth-line.ts';
import { authSignUpRoutes } from './routes/auth-sign-up.ts';
import { teamRoutes } from './routes/team.ts';
import { teamInvitationRoutes } from './routes/team-invitations.ts';
import { adminOrdersRoutes } from './routes/admin-orders.ts';
import { adminExportRoutes } from './routes/admin-exports.ts';
import { adminDashboardRoutes } from './routes/admin-dashboard.ts';
import { adminCustomerRoutes } from './routes/admin-customers.ts';
import { adminProductRoutes } from './routes/admin-products.ts';
import { adminLineBindingRoutes } from './routes/admin-line-binding.ts';
import { adminLineSettingsRoutes } from './routes/admin-line-settings.ts';
import { adminRichMenuRoutes } from './routes/admin-rich-menu.ts';
import { mediaRoutes } from './routes/media.ts';
import { createLocalDiskStorage } from '../storage/local-disk.ts';
import { adminOrderStatusRoutes } from './routes/admin-order-status.ts';
import { adminOrderDetailRoutes } from './routes/admin-order-detail.ts';
import { adminOrderNoteRoutes } from './routes/admin-order-notes.ts';
import { adminOrderMessageRoutes } from './routes/admin-order-messages.ts';
import { lineWebhookRoutes } from './routes/line-webhook.ts';
import { createTenantLineDirectory } from './tenant-secrets.ts';
import { createLineInboxDispatcher } from './line-inbox.ts';
import { handleLineEvent } from './line-events.ts';

/**
 * The one HTTP server: webhooks, the JSON API under /api, and (when a built web app is
 * given) every other path handed to SvelteKit, so admin, LIFF and API share one origin.
 */
export async function buildServer(deps: ServerDeps) {
  const app = Fastify({
    loggerInstance: deps.log,
    trustProxy: false,
    bodyLimit: 1_048_576,
  });
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const code = status === 413 ? 'body_too_large' : status >= 500 ? 'internal_error' : (error.code ?? 'bad_request');
    const message = status >= 500 ? 'Something went wrong on our side; please try again.' : error.message;
    return reply.code(status).send({ code, message });
  });

  app.get('/healthz', async () => ({ ok: true }));
  // Sessions, CSRF on every state-changing request, the admin permission guard, the audit log.
  await app.register(authPlugin, { deps });
  await app.register(authSessionRoutes);
  await app.register(authPasswordRoutes);
  await app.register(authLineRoutes);
  await app.register(authSignUpRoutes);
  await app.register(teamRoutes);
  await app.register(teamInvitationRoutes);
  const tenants = createTenantLineDirectory(deps);
  const inbox = createLineInboxDispatcher({
    db: deps.db,
    log: deps.log,
    handle: (tenantId, event) => handleLineEvent(deps, tenantId, event),
  });
  app.addHook('onReady', async () => inbox.start());
  app.addHook('onClose', async () => inbox.stop());
  await app.register(lineWebhookRoutes, { deps, tenants, inbox });
  await app.register(adminLineSettingsRoutes, { deps, tenants });
  await app.register(adminRichMenuRoutes, { deps });
  await app.register(adminLineBindingRoutes, { deps });
  await app.register(adminOrderStatusRoutes, { deps });
  await app.register(adminOrderDetailRoutes, { deps });
  await app.register(adminOrderNoteRoutes, { deps });
  await app.register(adminOrderMessageRoutes, { deps });
  await app.register(adminOrdersRoutes, { deps });
  await app.register(adminExportRoutes, { deps });
  await app.register(adminDashboardRoutes, { deps });
  await app.register(adminCustomerRoutes, { deps });
  const storage = deps.storage ?? createLocalDiskStorage(deps.env.STORAGE_DIR);
  await app.register(adminProductRoutes, { deps, storage });
  await app.register(mediaRoutes, { storage });
  // Last: every path no route above matched goes to the SvelteKit app.
  await app.register(webPlugin, { deps });
  return app;
}
