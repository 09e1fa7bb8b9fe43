import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  memberJoinSchema,
  PRIVACY_NOTICE_VERSION,
  privacyNoticeZh,
  type PrivacyNotice,
} from '../../domain/members/member-profile.ts';
import { formatTaipeiDateTime } from '../../domain/taipei-time.ts';
import { joinMember, memberCard, type MemberCard } from '../../db/members/members.ts';
import { usableCoupons, type UsableCoupon } from '../../db/promotions/coupons.ts';
import type { ServerDeps } from '../deps.ts';
import { shopCustomers } from '../storefront/shop-customer.ts';

/** What GET /api/shop/:tenant/member answers. */
export type MemberCardView =
  | { joined: true; card: MemberCard; coupons: UsableCoupon[] }
  | { joined: false; notice: PrivacyNotice; noticeVersion: string };

const today = () => formatTaipeiDateTime(new Date()).slice(0, 10);

/**
 * 會員卡 in the shop's LIFF pages: the signed-in customer's card (barcode, points, tier) and the
 * coupons they may use now or, before they join, the privacy notice and the form; joining stores
 * the consent with its version.
 */
export async function memberCardRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  const shops = shopCustomers(opts.deps);

  app.get(
    '/api/shop/:tenant/member',
    { config: { doc: { summary: "The signed-in customer's member card, or what joining asks" } } },
    async (request, reply) => {
      const signed = await shops.signedIn(request, reply);
      if (!signed) return reply;
      const card = await memberCard(db, signed.shop.id, signed.customer.id);
      reply.header('cache-control', 'no-store');
      const view: MemberCardView = card
        ? { joined: true, card, coupons: await usableCoupons(db, signed.shop.id, signed.customer.id, new Date()) }
        : { joined: false, notice: privacyNoticeZh(signed.shop.name), noticeVersion: PRIVACY_NOTICE_VERSION };
      return view;
    },
  );

  app.get(
    '/api/shop/:tenant/member/code.svg',
    { config: { doc: { summary: "The member code as a QR code for the counter's scanner" } } },
    async (request, reply) => {
      const signed = await shops.signedIn(request, reply);
      if (!signed) return reply;
      const card = await memberCard(db, signed.shop.id, signed.customer.id);
      if (!card) return reply.code(404).send({ code: 'not_a_member', message: '尚未加入會員' });
      const svg = await QRCode.toString(card.memberCode, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return reply.header('content-type', 'image/svg+xml').header('cache-control', 'private, max-age=86400').send(svg);
    },
  );

  app.post(
    '/api/shop/:tenant/member',
    {
      config: {
        doc: { summary: 'Join as a member (phone, birthday, gender, consent)', body: memberJoinSchema(today()) },
      },
    },
    async (request, reply) => {
      const signed = await shops.signedIn(request, reply);
      if (!signed) return reply;
      const body = memberJoinSchema(today()).safeParse(request.body);
      if (!body.success)
        return reply.code(400).send({
          code: 'invalid_member',
          message: body.error.issues.map((i) => i.message).join('；'),
          issues: z.treeifyError(body.error),
        });
      const card = await joinMember(db, signed.shop.id, signed.customer.id, body.data);
      return reply.code(201).send({ joined: true, card });
    },
  );
}
