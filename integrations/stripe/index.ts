export * from './client.ts';
export * from './gateway.ts';
export * from './objects.ts';
export * from './webhook.ts';
