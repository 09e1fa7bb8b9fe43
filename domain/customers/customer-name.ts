/** Name shown for a customer whose LINE profile cannot be read (blocked the shop, or left). */
export const UNKNOWN_CUSTOMER_NAME = 'LINE 顧客';
