import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { auditLogRoutes } from './audit-log.ts';
import { authLineRoutes } from './auth-line.ts';
import { authPasswordRoutes } from './auth-password.ts';
import { authSessionRoutes } from './auth-session.ts';
import { authSignUpRoutes } from './auth-sign-up.ts';
import { adminLineBindingRoutes } from './line-binding.ts';
import { memberStatusRoutes } from './member-status.ts';
import { systemSettingsRoutes } from './system-settings.ts';
import { teamInvitationRoutes } from './team-invitations.ts';
import { teamRoutes } from './team.ts';

/** The team area: signing up and in, the shop's members, their roles and their LINE binding, 系統設定. */
export const teamArea: AreaPlugin = async (app, { deps }) => {
  await app.register(authSessionRoutes);
  await app.register(authPasswordRoutes);
  await app.register(authLineRoutes);
  await app.register(authSignUpRoutes);
  await app.register(teamInvitationRoutes, { deps });
  await tenantScope(app, async (shop) => {
    await shop.register(teamRoutes);
    await shop.register(memberStatusRoutes);
    await shop.register(auditLogRoutes);
    await shop.register(adminLineBindingRoutes, { deps });
    await shop.register(systemSettingsRoutes, { deps });
  });
};
