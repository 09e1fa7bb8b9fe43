/**
 * Stock rules: -1 means unlimited; an order takes what is there, so a short stock gives a
 * partial order and an empty one gives none (the shop's admins are told in both cases).
 */

export const UNLIMITED_STOCK = -1;
/** Stock below this (and not unlimited) shows a low-stock warning to the merchant. */
export const LOW_STOCK_THRESHOLD = 10;

export type Allocation = {
  outcome: 'unlimited' | 'full' | 'partial' | 'none';
  /** Quantity the order gets. */
  allocated: number;
  /** Quantity asked for but not available. */
  missing: number;
  /** Stock to store afterwards (-1 stays -1). */
  stockAfter: number;
};

/** Integer ≥ -1: a count, or UNLIMITED_STOCK. */
export function isValidStock(stock: number): boolean {
  return Number.isSafeInteger(stock) && stock >= UNLIMITED_STOCK;
}

/** RangeError unless `requested` is a positive integer and `stock` is valid. */
export function allocateStock(stock: number, requested: number): Allocation {
  if (!isValidStock(stock)) throw new RangeError(`invalid stock: ${stock}`);
  if (!Number.isSafeInteger(requested) || requested < 1) {
    throw new RangeError(`requested quantity must be a positive integer: ${requested}`);
  }
  if (stock === UNLIMITED_STOCK) {
    return { outcome: 'unlimited', allocated: requested, missing: 0, stockAfter: UNLIMITED_STOCK };
  }
  if (stock >= requested) {
    return { outcome: 'full', allocated: requested, missing: 0, stockAfter: stock - requested };
  }
  if (stock > 0) {
    return { outcome: 'partial', allocated: stock, missing: requested - stock, stockAfter: 0 };
  }
  return { outcome: 'none', allocated: 0, missing: requested, stockAfter: 0 };
}

/** 0 ≤ stock < LOW_STOCK_THRESHOLD. Unlimited (and invalid) stock is never low. */
export function isLowStock(stock: number): boolean {
  return isValidStock(stock) && stock >= 0 && stock < LOW_STOCK_THRESHOLD;
}

/** No stock left at all (unlimited never sells out). */
export function isSoldOut(stock: number): boolean {
  return stock === 0;
}
