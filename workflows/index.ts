// Every workflow the worker runs, gathered from one index per business area; the bundler starts here.
// A new area adds its own workflows/<area>/index.ts and one line below.
export * from './orders/index.ts';
export * from './catalog/index.ts';
export * from './line-chat/index.ts';
export * from './team/index.ts';
export * from './restaurant/index.ts';
export * from './billing/index.ts';
export * from './printing/index.ts';
export * from './ubereats/index.ts';
export * from './members/index.ts';
export * from './customers/index.ts';
export * from './invoices/index.ts';
export * from './promotions/index.ts';
export * from './delivery/index.ts';
