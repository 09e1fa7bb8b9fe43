export * from './client.ts';
export * from './webhook.ts';
