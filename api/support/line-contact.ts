import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { lineChatUrl } from '../../domain/support/help-topics.ts';
import { requireMember } from '../plugins/auth.ts';

/** What GET /api/t/:tenant/support/line answers (the web app imports this type only). */
export interface SupportLineContact {
  lineId: string;
  chatUrl: string;
  /** The chat link as a QR code (PNG data URL), for a shop on a computer to scan with its phone. */
  qrDataUrl: string;
}

/**
 * GET /api/t/:tenant/support/line — the platform's LINE official account (PLATFORM_SUPPORT_LINE_ID)
 * with its chat link and QR code, for 線上客服 (any member: anyone may need help).
 */
export function supportLineRoutes(lineId: string) {
  return async (app: FastifyInstance) => {
    const chatUrl = lineChatUrl(lineId);
    // One ID per server: the QR code is drawn once, on first use.
    let qr: Promise<string> | null = null;
    app.get(
      '/support/line',
      { preHandler: requireMember, config: { doc: { summary: "The platform support's LINE account and QR code" } } },
      async (_request, reply) => {
        qr ??= QRCode.toDataURL(chatUrl, { margin: 1, errorCorrectionLevel: 'M', width: 240 });
        const contact: SupportLineContact = { lineId, chatUrl, qrDataUrl: await qr };
        return reply.header('cache-control', 'private, max-age=3600').send(contact);
      },
    );
  };
}
