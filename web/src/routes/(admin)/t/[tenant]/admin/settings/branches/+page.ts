import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';

/** Only a shop that runs a restaurant has branches; the layout loaded them. */
export const load: PageLoad = async ({ parent }) => {
  const { restaurant } = await parent();
  if (!restaurant) error(404, { message: '這個商店沒有經營餐廳。', code: 'not_a_restaurant' });
  return { restaurant };
};
