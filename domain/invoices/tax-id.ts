/**
 * A Taiwanese business's 統一編號 (統編): eight digits with the Ministry of Finance's checksum.
 * Each digit is multiplied by its weight and the digits of the products are added; the number
 * is valid when that sum is divisible by 5 (the 2023 rule, which still accepts every number the
 * older divisor 10 accepted). A 7 in the seventh place makes 28, whose digits add to 10, read
 * either as 1 or as 0, so one more is also accepted there.
 */

const WEIGHTS = [1, 2, 1, 2, 1, 2, 4, 1] as const;
const TAX_ID_PATTERN = /^\d{8}$/;

export function isValidTaxId(text: string): boolean {
  if (!TAX_ID_PATTERN.test(text)) return false;
  const digits = Array.from(text, Number);
  const sum = digits.reduce((total, digit, i) => {
    const product = digit * WEIGHTS[i]!;
    return total + Math.floor(product / 10) + (product % 10);
  }, 0);
  return sum % 5 === 0 || (digits[6] === 7 && (sum + 1) % 5 === 0);
}
