import { signedInMember, type TestMember, type TestSession } from './auth.ts';
import type { AuthServer } from './auth-server.ts';
import { createTenant } from './shops.ts';

/** A restaurant made straight in the database (kind restaurant) with its owner signed in. */
export async function restaurantWithOwner(
  server: AuthServer,
  slug: string,
  name: string,
): Promise<{ shop: { id: string; slug: string }; owner: TestMember & TestSession }> {
  const shop = await createTenant(server.db, slug, name);
  await server.db.tenant.update({ where: { id: shop.id }, data: { kind: 'restaurant' } });
  const owner = await signedInMember(server.db, server.config, shop.id, { role: 'owner' });
  return { shop, owner };
}
