/**
 * The LIKE/ILIKE pattern "contains `text`", with LIKE's own wildcards (% and _) and its escape
 * character taken literally: a merchant searching for "50%" means the characters.
 */
export function containsPattern(text: string): string {
  return `%${likeLiteral(text)}%`;
}

/**
 * `text` for Prisma's `contains` (which builds LIKE '%…%' without escaping): the same literal
 * meaning as containsPattern, so the list, the search and the CSV find the same rows.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (m) => `\\${m}`);
}
