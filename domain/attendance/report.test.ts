import { describe, expect, it } from 'vitest';
import { attendanceCsv, attendanceReport, type ShiftRecord } from './report.ts';

const shift = (id: string, staffId: string, inAt: string, outAt: string | null): ShiftRecord => ({
  id,
  staffId,
  clockInAt: new Date(inAt),
  clockOutAt: outAt ? new Date(outAt) : null,
  inVia: 'line',
  outVia: outAt ? 'line' : null,
  inDistanceM: 40,
  outDistanceM: null,
  correctedAt: null,
});

describe('the attendance report and its CSV', () => {
  const people = new Map([
    ['a', { name: '小美', jobTitle: '外場' }],
    ['b', { name: '阿明', jobTitle: null }],
  ]);
  const report = attendanceReport(
    [
      shift('2', 'b', '2026-12-02T01:00:00Z', '2026-12-02T09:00:00Z'),
      shift('1', 'a', '2026-12-01T14:00:00Z', '2026-12-01T18:30:00Z'),
      shift('3', 'a', '2026-12-02T14:00:00Z', null),
    ],
    people,
    new Date('2026-12-04T00:00:00Z'),
  );

  it('lists shifts oldest first with Taipei days and times; a night shift ends the next day', () => {
    expect(report.rows.map((r) => [r.day, r.name, r.clockIn, r.clockOut, r.minutes, r.state, r.inAtShop])).toEqual([
      ['2026-12-01', '小美', '2026/12/01 22:00', '2026/12/02 02:30', 270, 'closed', true],
      ['2026-12-02', '阿明', '2026/12/02 09:00', '2026/12/02 17:00', 480, 'closed', true],
      ['2026-12-02', '小美', '2026/12/02 22:00', null, 0, 'missing_clock_out', true],
    ]);
    expect(report.totals.map((t) => [t.name, t.days, t.hours, t.missingClockOuts])).toEqual([
      ['小美', 2, 4.5, 1],
      ['阿明', 1, 8, 0],
    ]);
  });

  it('writes the same rows and totals to the CSV, for Excel in Taiwan', () => {
    const csv = attendanceCsv(report);
    expect(csv.startsWith('\uFEFF日期,姓名,職稱,上班,下班')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('2026-12-01,小美,外場,2026/12/01 22:00,2026/12/02 02:30,270,4.5,,');
    expect(lines[3]).toBe('2026-12-02,小美,外場,2026/12/02 22:00,,0,0,未打下班卡,');
    expect(lines.slice(5, 8)).toEqual([
      '姓名,職稱,出勤天數,班數,工時(分),工時(小時),未打下班卡',
      '小美,外場,2,1,270,4.5,1',
      '阿明,,1,1,480,8,0',
    ]);
  });
});
