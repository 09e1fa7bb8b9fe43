import { SANDBOX_LOGIN_CHANNEL } from '../../config/env.ts';
import { buildLineSandbox } from './app.ts';
import { listenTls } from './tls-front.ts';

/** `node sandbox/line/main.ts`: the LINE sandbox on 127.0.0.1:$SANDBOX_LINE_PORT (default 4010). */
const port = Number(process.env.SANDBOX_LINE_PORT ?? 4010);
const ttl = process.env.SANDBOX_LINE_REPLY_TOKEN_TTL_MS;
const { app } = buildLineSandbox({
  logger: process.env.SANDBOX_LINE_LOG === '1',
  ...(ttl ? { replyTokenTtlMs: Number(ttl) } : {}),
  // Jiayi's own LINE Login channel, as the server is configured (config/env.ts defaults).
  loginChannels: [
    {
      channelId: process.env.LINE_LOGIN_CHANNEL_ID ?? SANDBOX_LOGIN_CHANNEL.channelId,
      channelSecret: process.env.LINE_LOGIN_CHANNEL_SECRET ?? SANDBOX_LOGIN_CHANNEL.channelSecret,
      name: '加一 Jiayi 商家後台',
    },
  ],
});

const url = await app.listen({ port, host: '127.0.0.1' });
console.log(`LINE sandbox listening on ${url}`);
// LIFF's SDK calls https://api.line.me etc. by name: a browser started with the hosts mapped
// here (chromiumLineHostArgs) runs it unmodified.
const tls = process.env.SANDBOX_LINE_TLS_PORT ? await listenTls(app, Number(process.env.SANDBOX_LINE_TLS_PORT)) : null;
if (tls) {
  console.log(`  LIFF over HTTPS:  ${tls.url} (map api.line.me, access.line.me, liff.line.me here)`);
}
console.log(`  chat page:        ${url}/`);
console.log(`  LINE_API_BASE_URL=${url} LINE_DATA_API_BASE_URL=${url} LINE_LOGIN_BASE_URL=${url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([app.close(), tls?.close()]).then(() => process.exit(0));
  });
}
