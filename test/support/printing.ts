import { randomUUID } from 'node:crypto';
import { requestAs } from './auth.ts';
import type { TestRestaurant } from './restaurant-orders.ts';
import type { Stack } from './stack.ts';

/** A random MAC address of the shape a printer reports (00:11:E5:…). */
export function randomMac(): string {
  return [
    '00',
    '11',
    'E5',
    ...Array.from({ length: 3 }, () =>
      Math.floor(Math.random() * 256)
        .toString(16)
        .padStart(2, '0'),
    ),
  ]
    .join(':')
    .toUpperCase();
}

/** The restaurant's menu split into 飲料 (the tea) and 主食 (the rice), as the bar and kitchen print them. */
export async function menuCategories(stack: Stack, shop: TestRestaurant) {
  const category = (name: string, sortOrder: number) =>
    stack.db.menuCategory.create({ data: { tenantId: shop.tenant.id, name, sortOrder }, select: { id: true } });
  const drinks = (await category('飲料', 0)).id;
  const food = (await category('主食', 1)).id;
  await stack.db.product.update({ where: { id: shop.tea.id }, data: { categoryId: drinks } });
  await stack.db.product.update({ where: { id: shop.rice }, data: { categoryId: food } });
  return { drinks, food };
}

/** Adds a printer through the admin API as the owner; its ID. */
export async function addPrinter(
  stack: Stack,
  shop: TestRestaurant,
  printer: { name: string; kind: string; mac: string; location: string; categoryIds?: string[]; copies?: number },
): Promise<string> {
  const response = await requestAs(stack.apiUrl, shop.owner, 'POST', printersPath(shop), {
    methods: ['delivery', 'pickup', 'dine_in'],
    copies: 1,
    categoryIds: [],
    ...printer,
  });
  if (response.status !== 201) throw new Error(`printer not added: ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

export const printersPath = (shop: TestRestaurant) => `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/printers`;

export function reprint(
  stack: Stack,
  shop: TestRestaurant,
  orderId: string,
  body: { requestId?: string; printerId?: string } = {},
) {
  return requestAs(
    stack.apiUrl,
    shop.owner,
    'POST',
    `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/orders/${orderId}/reprint`,
    {
      requestId: randomUUID(),
      ...body,
    },
  );
}
