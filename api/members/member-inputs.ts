import { z } from 'zod';
import { GENDERS } from '../../domain/members/member-profile.ts';
import { searchTextSchema } from '../../domain/query-inputs.ts';
import type { MemberFilters } from '../../db/members/member-list.ts';
import { decodeCursor } from '../page-cursor.ts';

/** The query of 會員列表 and of its export: the same filters select the same members. */
export const memberFilterQuery = z.object({
  q: searchTextSchema.optional(),
  tier: z.union([z.uuid(), z.literal('none')]).optional(),
  tag: z.uuid().optional(),
  gender: z.enum(GENDERS).optional(),
  birthdayMonth: z.coerce.number().int().min(1).max(12).optional(),
});

/** Keyset paging of the members area's lists: how many rows, and after which (a cursor this API gave out). */
export const pageFields = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z
    .string()
    .max(200)
    .transform((raw, ctx) => {
      const decoded = decodeCursor(raw);
      if (!decoded) ctx.addIssue({ code: 'custom', message: 'cursor is not one this API gave out' });
      return decoded ?? z.NEVER;
    })
    .optional(),
};

export const memberListQuery = memberFilterQuery.extend(pageFields);

export function filtersOf(query: z.infer<typeof memberFilterQuery>): MemberFilters {
  return {
    query: query.q ?? null,
    tier: query.tier ?? null,
    tagId: query.tag ?? null,
    gender: query.gender ?? null,
    birthdayMonth: query.birthdayMonth ?? null,
  };
}

export const memberParams = z.object({ memberId: z.uuid() });

export const invalid = (code: string, error: z.ZodError) => ({ code, message: z.prettifyError(error) });
