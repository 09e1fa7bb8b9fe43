import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { verifyPassword } from '../../../api/team/auth/passwords.ts';
import { createDb } from '../../../db/client.ts';
import { applyMigrations } from '../../../db/migrate.ts';
import { scratchDatabases } from '../../support/scratch-database.ts';
import { createSecretBox } from '../../../db/secret-box.ts';
import { DEFAULT_PROVIDER_ID, loginUserIdFor } from '../../../sandbox/line/routes-login.ts';
import { DEMO, seedDemoTenant } from '../../../scripts/seed-demo.ts';
import { findNotificationSettings } from '../../../db/orders/notification-settings.ts';

const scratch = scratchDatabases('demo_owner');
afterAll(() => scratch.dropAll());

it('npm start’s demo shop has an owner who can sign in, with a password or with LINE in the sandbox', async () => {
  const url = scratch.url('seed');
  await applyMigrations(url);
  const db = createDb(url, { poolSize: 2 });
  try {
    const box = createSecretBox(randomBytes(32).toString('base64'));
    const first = await seedDemoTenant(db, box);
    const second = await seedDemoTenant(db, box);
    expect([first.created, second.created]).toEqual([true, false]);
    const owner = await db.staff.findFirstOrThrow({
      where: { tenantId: first.tenantId, role: 'owner' },
      include: { user: true },
    });
    expect(owner.lineUserId).toBe(DEMO.owner.userId);
    // 訂單通知設定: new orders and payments to the owner, by LINE and e-mail.
    expect(await findNotificationSettings(db, first.tenantId)).toMatchObject({
      newOrder: true,
      statusChanges: ['paid'],
      emailEnabled: true,
      emailRecipients: [DEMO.ownerLogin.email],
    });
    expect(owner.notifyByLine).toBe(true);
    expect(owner.user).toMatchObject({
      email: DEMO.ownerLogin.email,
      lineLoginUserId: loginUserIdFor(DEFAULT_PROVIDER_ID, DEMO.owner.userId),
    });
    expect(await verifyPassword(DEMO.ownerLogin.password, owner.user!.passwordHash!)).toBe(true);
    expect(await db.user.count()).toBe(1);
    // Its customer page has a LIFF app: a demo seeded before it existed gets one, a shop's own stays.
    await db.tenant.update({ where: { id: first.tenantId }, data: { liffId: null } });
    await seedDemoTenant(db, box);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: first.tenantId } })).liffId).toBe(DEMO.liffId);
    await db.tenant.update({ where: { id: first.tenantId }, data: { liffId: '2000000999-OwnLiffA' } });
    await seedDemoTenant(db, box);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: first.tenantId } })).liffId).toBe('2000000999-OwnLiffA');
  } finally {
    await db.$disconnect();
  }
});
