import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { memberCodeFrom, type MemberJoin } from '../../domain/members/member-profile.ts';
import type { Db } from '../client.ts';
import { pointBalance } from './point-ledger.ts';

export interface MemberCard {
  memberId: string;
  memberCode: string;
  displayName: string;
  phone: string;
  birthday: string | null;
  gender: string;
  joinedAt: string;
  points: number;
  tier: { name: string; discountPercent: number; pointsMultiplierPct: number } | null;
}

/** The card the customer sees in LIFF; null when they have not joined. */
export async function memberCard(db: Db, tenantId: string, customerId: string): Promise<MemberCard | null> {
  const member = await db.member.findFirst({
    where: { tenantId, customerId },
    include: {
      customer: { select: { displayName: true } },
      tier: { select: { name: true, discountPercent: true, pointsMultiplierPct: true } },
    },
  });
  if (!member) return null;
  return {
    memberId: member.id,
    memberCode: member.memberCode,
    displayName: member.customer.displayName,
    phone: member.phone,
    birthday: member.birthday?.toISOString().slice(0, 10) ?? null,
    gender: member.gender,
    joinedAt: member.joinedAt.toISOString(),
    points: await pointBalance(db, tenantId, member.id),
    tier: member.tier,
  };
}

/**
 * Makes the signed-in customer a member, or updates what they gave when they are one already
 * (their consent renewed with it). The member code is drawn once and kept.
 */
export async function joinMember(
  db: Db,
  tenantId: string,
  customerId: string,
  join: MemberJoin,
  now = new Date(),
): Promise<MemberCard> {
  const profile = {
    phone: join.phone,
    birthday: join.birthday ? new Date(`${join.birthday}T00:00:00Z`) : null,
    gender: join.gender,
    consentVersion: join.consentVersion,
    consentedAt: now,
  };
  for (let attempt = 0; ; attempt += 1) {
    try {
      await db.member.upsert({
        where: { customerId },
        create: {
          id: uuidv7(),
          tenantId,
          customerId,
          memberCode: memberCodeFrom(randomBytes(10)),
          joinedAt: now,
          ...profile,
        },
        update: profile,
      });
      break;
    } catch (error) {
      // A code another member drew already (one in 32^10): draw again.
      if (attempt >= 3 || !(error instanceof Error) || !error.message.includes('member_code')) throw error;
    }
  }
  const card = await memberCard(db, tenantId, customerId);
  if (!card) throw new Error('member vanished after joining');
  return card;
}
