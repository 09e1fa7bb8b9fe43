// Every workflow the worker runs, gathered from one index per business area; the bundler starts here.
// A new area adds its own workflows/<area>/index.ts and one line below.
export * from './orders/index.ts';
export * from './catalog/index.ts';
export * from './line-chat/index.ts';
export * from './team/index.ts';
export * from './restaurant/index.ts';
export * from './billing/index.ts';
