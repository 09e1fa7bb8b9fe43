/**
 * The LIKE/ILIKE pattern "contains `text`", with LIKE's own wildcards (% and _) and its escape
 * character taken literally: a merchant searching for "50%" means the characters.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}
