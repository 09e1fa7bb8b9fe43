export * from './ubereats-order.ts';
export * from './store-sync.ts';
