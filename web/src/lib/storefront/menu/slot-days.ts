import type { ShopSlot } from '#lib/api.ts';
import { taipeiDayKey } from '#lib/domain.ts';

/** The offered slots by Taipei day, in order: the day chips, then that day's times. */
export function slotsByDay(slots: readonly ShopSlot[]): { day: string; slots: ShopSlot[]; free: number }[] {
  const days: { day: string; slots: ShopSlot[]; free: number }[] = [];
  for (const slot of slots) {
    const day = taipeiDayKey(new Date(slot.start));
    let last = days.at(-1);
    if (!last || last.day !== day) {
      last = { day, slots: [], free: 0 };
      days.push(last);
    }
    last.slots.push(slot);
    if (!slot.full) last.free += 1;
  }
  return days;
}

/** 盡快: the first slot that still has room. */
export function soonestFree(slots: readonly ShopSlot[]): ShopSlot | null {
  return slots.find((slot) => !slot.full) ?? null;
}
