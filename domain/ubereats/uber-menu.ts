import type { MenuGroup } from '../catalog/menu-rules.ts';
import type { Period } from '../restaurant/business-hours.ts';

/**
 * The branch's menu in Uber Eats' menu format (PUT /v2/eats/stores/{id}/menus): one menu open
 * in the branch's weekly hours, its categories, items and options (options are items that
 * modifier groups point at). Every item, group and option carries Jiayi's own ID in
 * `external_data`, which Uber sends back on orders, so mapUberCart reads an order of a pushed
 * item without guessing. Uber counts money in hundredths: NT$60 is 6000.
 */

export interface UberMenuSource {
  shopName: string;
  categories: {
    id: string | null;
    name: string;
    items: {
      id: string;
      name: string;
      description: string | null;
      /** Absolute URL, or null. */
      imageUrl: string | null;
      price: number;
      soldOut: boolean;
      groups: (MenuGroup & { choices: (MenuGroup['choices'][number] & { soldOut?: boolean })[] })[];
    }[];
  }[];
  /** Index 0 = Sunday, as business-hours.ts keeps them. */
  week: readonly (readonly Period[])[];
  /** Items sold out or paused today come back on Uber at this instant (Unix seconds): tomorrow's opening. */
  suspendUntil: number;
}

type Text = { translations: { zh_tw: string; en_us: string } };
const text = (value: string): Text => ({ translations: { zh_tw: value, en_us: value } });
const minor = (ntd: number) => ntd * 100;

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const MENU_ID = 'jiayi-menu';
const OTHER = 'uncategorized';

/** A period that runs past midnight is two on Uber: to 23:59 that day, from 00:00 the next. */
function availability(week: UberMenuSource['week']) {
  const periods = new Map<number, { start_time: string; end_time: string }[]>();
  const add = (day: number, start: string, end: string) => {
    const list = periods.get(day) ?? [];
    list.push({ start_time: start, end_time: end });
    periods.set(day, list);
  };
  week.forEach((day, index) => {
    for (const period of day) {
      if (period.end > period.start) add(index, period.start, period.end);
      else {
        add(index, period.start, '23:59');
        if (period.end !== '00:00') add((index + 1) % 7, '00:00', period.end);
      }
    }
  });
  return DAYS.flatMap((day, index) =>
    periods.has(index) ? [{ day_of_week: day, time_periods: periods.get(index)! }] : [],
  );
}

export function uberMenu(source: UberMenuSource) {
  const items: Record<string, unknown>[] = [];
  const groups: Record<string, unknown>[] = [];
  const seenGroups = new Set<string>();
  const suspended = (soldOut: boolean | undefined) =>
    soldOut
      ? { suspension_info: { suspension: { suspend_until: source.suspendUntil, reason: '今日售完或暫停供應' } } }
      : {};

  const categories = source.categories
    .filter((category) => category.items.length > 0)
    .map((category) => ({
      id: category.id ?? OTHER,
      title: text(category.name),
      entities: category.items.map((item) => ({ id: `item-${item.id}`, type: 'ITEM' })),
    }));

  for (const category of source.categories)
    for (const item of category.items) {
      items.push({
        id: `item-${item.id}`,
        external_data: item.id,
        title: text(item.name),
        description: text(item.description ?? ''),
        ...(item.imageUrl ? { image_url: item.imageUrl } : {}),
        price_info: { price: minor(item.price) },
        modifier_group_ids: { ids: item.groups.map((group) => `group-${group.id}`) },
        ...suspended(item.soldOut),
      });
      for (const group of item.groups) {
        if (seenGroups.has(group.id)) continue;
        seenGroups.add(group.id);
        groups.push({
          id: `group-${group.id}`,
          external_data: group.id,
          title: text(group.name),
          quantity_info: { quantity: { min_permitted: group.minSelect, max_permitted: group.maxSelect } },
          modifier_options: group.choices.map((choice) => ({ id: `choice-${choice.id}`, type: 'ITEM' })),
        });
        for (const choice of group.choices)
          items.push({
            id: `choice-${choice.id}`,
            external_data: choice.id,
            title: text(choice.name),
            price_info: { price: minor(choice.priceDelta) },
            ...suspended(choice.soldOut),
          });
      }
    }

  return {
    menus: [
      {
        id: MENU_ID,
        title: text(source.shopName),
        service_availability: availability(source.week),
        category_ids: categories.map((category) => category.id),
      },
    ],
    categories,
    items,
    modifier_groups: groups,
    display_options: { disable_item_instructions: false },
  };
}
export type UberMenu = ReturnType<typeof uberMenu>;
