import { createHmac } from 'node:crypto';

/**
 * Lalamove's HMAC: lowercase hex HMAC-SHA256 with the API secret over
 * `<timestamp>\r\n<METHOD>\r\n<path>\r\n\r\n<body>`; the same shape signs the webhooks (POST, the
 * webhook URL's path, the JSON of `data`).
 */
export function lalamoveSignature(secret: string, timestamp: string, method: string, path: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\r\n${method}\r\n${path}\r\n\r\n${body}`).digest('hex');
}
