import { Prisma, type Db } from '../client.ts';
import { rollupRows, type ReportScope } from './report-scope.ts';

export interface BranchSales {
  quantity: number;
  amount: number;
}

export interface ProductSales {
  productId: string;
  code: string;
  name: string;
  quantity: number;
  amount: number;
  /** Per branch key (the nil UUID for orders without a branch); branches that sold none left out. */
  byBranch: Record<string, BranchSales>;
  /** The product's options sold, most first: units, and NT$ of their price differences. */
  choices: { key: string; group: string; name: string; quantity: number; amount: number }[];
}

const ITEM_COLUMNS = Prisma.sql`r.product_id, r.branch_key, r.product_code, r.product_name, r.quantity, r.amount`;
const CHOICE_COLUMNS = Prisma.sql`r.product_id, r.choice_key, r.group_name, r.choice_name, r.quantity, r.amount`;

/**
 * 產品銷售統計 and 分店產品銷售統計 of the scope: every product sold, most units first (then
 * most NT$), and the products on sale that sold nothing, last (the slowest of all). From the
 * month and day rollups of orders that earn (sales), so the amounts add up to the sales less delivery fees.
 * Products are named as they are named now (a renamed product keeps its line).
 */
export async function loadProductSales(db: Db, scope: ReportScope): Promise<ProductSales[]> {
  const [items, choices, unsold] = await Promise.all([
    db.$queryRaw<
      { product_id: string; branch_key: string; code: string; name: string; quantity: number; amount: number }[]
    >`
      SELECT s.product_id, s.branch_key, coalesce(p.code, s.code) AS code, coalesce(p.name, s.name) AS name, s.quantity, s.amount
      FROM (SELECT r.product_id, r.branch_key, max(r.product_code) AS code, max(r.product_name) AS name,
                   sum(r.quantity)::int AS quantity, sum(r.amount)::int AS amount
            FROM ${rollupRows('items', ITEM_COLUMNS, scope)}
            GROUP BY 1, 2 HAVING sum(r.quantity) <> 0) s
      LEFT JOIN products p ON p.id = s.product_id AND p.tenant_id = ${scope.tenantId}::uuid`,
    db.$queryRaw<{ product_id: string; key: string; group: string; name: string; quantity: number; amount: number }[]>`
      SELECT r.product_id, r.choice_key AS key, max(r.group_name) AS group, max(r.choice_name) AS name,
             sum(r.quantity)::int AS quantity, sum(r.amount)::int AS amount
      FROM ${rollupRows('choices', CHOICE_COLUMNS, scope)}
      GROUP BY 1, 2 HAVING sum(r.quantity) <> 0`,
    db.$queryRaw<{ id: string; code: string; name: string }[]>`
      SELECT id, code, name FROM products
      WHERE tenant_id = ${scope.tenantId}::uuid AND deleted_at IS NULL AND is_public
      ORDER BY code`,
  ]);

  const products = new Map<string, ProductSales>();
  for (const r of items) {
    let p = products.get(r.product_id);
    if (!p) {
      p = { productId: r.product_id, code: r.code, name: r.name, quantity: 0, amount: 0, byBranch: {}, choices: [] };
      products.set(r.product_id, p);
    }
    p.quantity += r.quantity;
    p.amount += r.amount;
    p.byBranch[r.branch_key] = { quantity: r.quantity, amount: r.amount };
  }
  for (const c of choices) {
    products
      .get(c.product_id)
      ?.choices.push({ key: c.key, group: c.group, name: c.name, quantity: c.quantity, amount: c.amount });
  }
  const sold = [...products.values()].sort(
    (a, b) => b.quantity - a.quantity || b.amount - a.amount || a.code.localeCompare(b.code),
  );
  for (const p of sold) p.choices.sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
  const none = unsold
    .filter((p) => !products.has(p.id))
    .map((p) => ({ productId: p.id, code: p.code, name: p.name, quantity: 0, amount: 0, byBranch: {}, choices: [] }));
  return [...sold, ...none];
}
