import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The LINE hosts the @line/liff SDK calls by name (api., access., liff.line.me). */
export const LINE_HOSTS = ['api.line.me', 'access.line.me', 'liff.line.me'] as const;

/**
 * The sandbox over HTTPS for a browser whose resolver maps LINE's hosts to it (Chromium:
 * `--host-resolver-rules`, see chromiumLineHostArgs). The certificate is self-signed for
 * *.line.me, made afresh with openssl; such a browser also runs with
 * `--ignore-certificate-errors`. Same routes as the HTTP port: the Host header tells them apart.
 */
export async function listenTls(
  app: FastifyInstance,
  port: number,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  await app.ready();
  const server = createServer(selfSignedCertificate(), (request, response) => app.routing(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `https://127.0.0.1:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Chromium flags that send LINE's hosts to the sandbox's HTTPS port. */
export function chromiumLineHostArgs(tlsPort: number): string[] {
  return [
    `--host-resolver-rules=${LINE_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${tlsPort}`).join(',')}`,
    '--ignore-certificate-errors',
  ];
}

function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'line-sandbox-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '3650',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        '/CN=line.me',
        '-addext',
        'subjectAltName=DNS:line.me,DNS:*.line.me',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
