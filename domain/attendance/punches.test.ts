import { describe, expect, it } from 'vitest';
import { distanceMetres, nearestBranch } from './distance.ts';
import { checkPunch, parsePunchCommand, punchReply } from './punches.ts';

describe('the chat words that clock in and out', () => {
  it('reads 上班 / 下班 and their variants, alone in the message', () => {
    expect(parsePunchCommand('上班')).toBe('in');
    expect(parsePunchCommand(' 【上班打卡】 ')).toBe('in');
    expect(parsePunchCommand('打卡下班')).toBe('out');
    expect(parsePunchCommand('Clock Out')).toBe('out');
    expect(parsePunchCommand('今天幾點上班')).toBeNull();
    expect(parsePunchCommand('+1')).toBeNull();
  });
});

describe('whether a punch is accepted', () => {
  const now = new Date('2026-12-05T04:00:00Z');
  const working = { clockInAt: new Date('2026-12-05T01:00:00Z'), clockOutAt: null };
  const forgotten = { clockInAt: new Date('2026-12-03T01:00:00Z'), clockOutAt: null };
  it('clocks in unless already working; a forgotten shift does not block a new one', () => {
    expect(checkPunch('in', null, now)).toBeNull();
    expect(checkPunch('in', working, now)).toBe('already_in');
    expect(checkPunch('in', forgotten, now)).toBeNull();
  });
  it('clocks out only a shift still running', () => {
    expect(checkPunch('out', working, now)).toBeNull();
    expect(checkPunch('out', null, now)).toBe('not_in');
    expect(checkPunch('out', forgotten, now)).toBe('not_in');
  });
  it('answers with Taipei times and the shift’s length', () => {
    expect(punchReply({ kind: 'in', name: '小美', at: new Date('2026-12-05T01:02:00Z') })).toContain(
      '上班打卡成功：小美，09:02',
    );
    expect(
      punchReply({
        kind: 'out',
        name: '小美',
        shift: { clockInAt: new Date('2026-12-04T14:00:00Z'), clockOutAt: new Date('2026-12-04T18:30:00Z') },
      }),
    ).toBe('下班打卡成功：小美，02:30（本班 4 小時 30 分）。辛苦了！');
    expect(punchReply({ kind: 'in', name: '小美', at: new Date('2026-12-05T01:02:00Z') }, 'tablet')).toBe(
      '上班打卡成功：小美，09:02。',
    );
    expect(punchReply({ kind: 'located', branchName: '信義店', metres: 350 })).toContain('標示為不在店內');
  });
});

describe('distance to the shop', () => {
  const taipei101 = { latitude: 25.033964, longitude: 121.564468 };
  it('measures metres on the ground', () => {
    // Taipei 101 to Taipei Main Station: about 5.6 km.
    const d = distanceMetres(taipei101, { latitude: 25.047675, longitude: 121.517055 });
    expect(d).toBeGreaterThan(5_000);
    expect(d).toBeLessThan(6_000);
    expect(distanceMetres(taipei101, taipei101)).toBe(0);
  });
  it('picks the nearest branch that has a location', () => {
    const branches = [
      { id: 'far', latitude: 25.047675, longitude: 121.517055 },
      { id: 'none', latitude: null, longitude: null },
      { id: 'near', latitude: 25.0341, longitude: 121.5645 },
    ];
    expect(nearestBranch(taipei101, branches)?.branch.id).toBe('near');
    expect(nearestBranch(taipei101, [branches[1]!])).toBeNull();
  });
});
