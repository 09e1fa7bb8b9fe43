export { verifyLineSignature, signLineBody } from './signature.ts';
export * from './webhook-schema.ts';
export * from './errors.ts';
export * from './client.ts';
export * from './login.ts';
