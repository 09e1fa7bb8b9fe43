export * from './client.ts';
export * from './signature.ts';
export * from './webhook.ts';
