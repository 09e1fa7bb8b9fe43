import { describe, expect, it } from 'vitest';
import { type ChatCommand, MAX_ORDER_QUANTITY, normalizeCommandText, parseChatCommand } from './chat-command.ts';

const newest = (quantity: number): ChatCommand => ({ kind: 'order', target: { type: 'newest' }, quantity });
const code = (productCode: string, quantity: number): ChatCommand => ({
  kind: 'order',
  target: { type: 'code', code: productCode },
  quantity,
});

const ZWSP = '\u200B';
const ZWNJ = '\u200C';
const ZWJ = '\u200D';
const WORD_JOINER = '\u2060';
const BOM = '\uFEFF';

const ORDERS: [string, string, ChatCommand][] = [
  // +N: the newest public product
  ['+1', 'plain', newest(1)],
  ['+2', 'plain', newest(2)],
  ['+9', 'one digit', newest(9)],
  ['+10', 'two digits', newest(10)],
  ['+99', 'the maximum', newest(99)],
  ['+01', 'a zero-padded 1 is 1', newest(1)],
  ['+09', 'a zero-padded 9 is 9', newest(9)],
  [' +1 ', 'surrounding spaces', newest(1)],
  ['\n+1\n', 'surrounding line breaks', newest(1)],
  ['\t+3\t', 'surrounding tabs', newest(3)],
  ['\r\n+1\r\n', 'surrounding CRLF', newest(1)],
  ['+ 1', 'space after the plus', newest(1)],
  ['+   5', 'several spaces after the plus', newest(5)],
  ['＋１', 'full-width plus and digit', newest(1)],
  ['＋１２', 'full-width two digits', newest(12)],
  ['﹢3', 'small plus sign', newest(3)],
  ['+１', 'half-width plus, full-width digit', newest(1)],
  ['＋1', 'full-width plus, half-width digit', newest(1)],
  ['　＋１　', 'surrounding ideographic spaces', newest(1)],
  ['＋　１', 'ideographic space after the plus', newest(1)],
  ['\u00A0+1\u00A0', 'surrounding no-break spaces', newest(1)],
  ['+\u00A01', 'no-break space inside folds to a space', newest(1)],
  ['+①', 'NFKC folds a circled digit', newest(1)],
  [`${ZWSP}+1`, 'leading zero-width space', newest(1)],
  [`+${ZWSP}1`, 'zero-width space inside', newest(1)],
  [`+1${ZWSP}`, 'trailing zero-width space', newest(1)],
  [`${BOM}+2`, 'byte-order mark', newest(2)],
  [`+${ZWNJ}${ZWJ}${WORD_JOINER}4`, 'several zero-width characters inside', newest(4)],
  [`${ZWSP} ${ZWSP}+1${ZWSP} `, 'zero-width characters mixed with spaces', newest(1)],
  [' '.repeat(200) + '+1', 'long white space before a command is trimmed first', newest(1)],

  // CODE+N: a product by code
  ['260108001+1', 'product code', code('260108001', 1)],
  ['260108001+2', 'product code, 2', code('260108001', 2)],
  ['260108001 +2', 'space before the plus', code('260108001', 2)],
  ['260108001+ 2', 'space after the plus', code('260108001', 2)],
  ['260108001 + 2', 'spaces both sides', code('260108001', 2)],
  ['260108001    +2', 'several spaces', code('260108001', 2)],
  ['260108001　＋２', 'ideographic space, full-width plus and digit', code('260108001', 2)],
  ['２６０１０８００１＋２', 'all full-width', code('260108001', 2)],
  ['２６０１０８００１ ＋ ２', 'all full-width with spaces', code('260108001', 2)],
  ['260108001﹢1', 'small plus sign', code('260108001', 1)],
  ['2601081000+1', '10-digit product code', code('2601081000', 1)],
  ['260108001+99', 'maximum quantity', code('260108001', 99)],
  ['260108001+01', 'zero-padded quantity', code('260108001', 1)],
  [`2601${ZWSP}08001+1`, 'zero-width space inside the code', code('260108001', 1)],
  [' 260108001+1\n', 'surrounding white space', code('260108001', 1)],
  ['2025001+1', "the seed's 7-digit example is passed on, to be answered 'not found'", code('2025001', 1)],
  ['1+1', 'a 1-digit code is passed on too', code('1', 1)],
  ['0+1', 'code 0 is passed on too', code('0', 1)],
  ['000260108001+1', '12 digits: leading zeros are kept', code('000260108001', 1)],
  ['123456789012+3', '12 digits, the longest accepted', code('123456789012', 3)],
];

const NOT_ORDERS: [string, string][] = [
  // Quantity out of range or malformed
  ['+0', 'zero'],
  ['+00', 'zero, padded'],
  ['+100', 'over 99'],
  ['+001', 'three digits'],
  ['+999', 'three digits'],
  ['+-1', 'negative'],
  ['-1', 'minus'],
  ['+1.5', 'decimal'],
  ['+1,000', 'thousands separator'],
  ['+1e1', 'exponent'],
  ['+0x1', 'hex'],
  ['+', 'plus alone'],
  ['++1', 'double plus'],
  ['+1+1', 'two commands'],
  ['1', 'digit alone'],
  ['260108001', 'code alone'],
  ['260108001 2', 'no plus'],
  ['260108001+', 'no quantity'],
  ['260108001+0', 'code with zero'],
  ['260108001+100', 'code with over 99'],
  ['260108001-1', 'minus instead of plus'],
  ['260108001*2', 'times instead of plus'],
  ['260108001x2', 'x instead of plus'],
  ['1234567890123+1', '13-digit code'],
  ['26010800a+1', 'letter in the code'],
  ['#260108001+1', 'hash before the code'],
  ['260108001+1+1', 'code then two pluses'],
  ['+1 +1', 'two commands with a space'],
  // Words and punctuation: later features, not commands yet
  ['+1。', 'trailing ideographic full stop (later)'],
  ['+1!', 'trailing exclamation mark'],
  ['+1！', 'trailing full-width exclamation mark'],
  ['+1 謝謝', 'trailing words'],
  ['我要+1', 'leading words'],
  ['我要 +1', 'leading words with a space'],
  ['+1 please', 'trailing English'],
  ['幫我留', 'reservation phrase (later)'],
  ['加一', 'Chinese numeral'],
  ['+一', 'Chinese numeral after plus'],
  ['+one', 'English numeral'],
  ['+Ⅰ', 'Roman numeral folds to a letter'],
  ['+١', 'Arabic-Indic digit'],
  ['➕1', 'heavy plus emoji'],
  ['+1️⃣', 'keycap emoji'],
  ['+1🍓', 'trailing emoji'],
  ['🍓+1', 'leading emoji'],
  ['👍', 'emoji alone'],
  // Inner white space other than spaces
  ['+\n1', 'line break inside'],
  ['260108001\n+2', 'line break between code and quantity'],
  ['+1\n+1', 'two lines of commands'],
  ['+\t1', 'tab inside'],
  ['260108001\t+2', 'tab between code and quantity'],
  ['+\u200E1', 'left-to-right mark is not removed'],
  // Hostile or empty input
  ['', 'empty'],
  ['   ', 'spaces only'],
  [ZWSP + ZWSP, 'zero-width characters only'],
  ["+1'; DROP TABLE orders;--", 'SQL injection after a command'],
  ["1' OR '1'='1", 'SQL injection'],
  ['<script>alert(1)</script>', 'HTML injection'],
  ['<b>+1</b>', 'HTML around a command'],
  ['${process.exit()}+1', 'template injection'],
  ['+1\u0000', 'NUL byte'],
  ['+'.repeat(65), 'over 64 characters'],
  ['1'.repeat(63) + '+1', '65 characters of otherwise valid shape'],
  ['+1'.repeat(5000), '10,000 characters'],
  ['+1' + ' '.repeat(10_000), 'a command padded beyond the LINE text limit'],
  ['\uD83C', 'lone surrogate'],
];

describe('parseChatCommand', () => {
  it('has a large table', () => {
    expect(ORDERS.length + NOT_ORDERS.length).toBeGreaterThanOrEqual(80);
  });

  it.each(ORDERS)('%j (%s) is an order', (text, _why, expected) => {
    expect(parseChatCommand(text)).toEqual(expected);
  });

  it.each(NOT_ORDERS)('%j (%s) is not a command', (text) => {
    expect(parseChatCommand(text)).toBeNull();
  });

  it('accepts every quantity from 1 to MAX_ORDER_QUANTITY and nothing beyond', () => {
    expect(MAX_ORDER_QUANTITY).toBe(99);
    for (let n = 1; n <= MAX_ORDER_QUANTITY; n++) {
      expect(parseChatCommand(`+${n}`)).toEqual(newest(n));
      expect(parseChatCommand(`260108001+${n}`)).toEqual(code('260108001', n));
    }
    expect(parseChatCommand(`+${MAX_ORDER_QUANTITY + 1}`)).toBeNull();
  });

  it('accepts a command of exactly 64 characters and rejects 65', () => {
    const at64 = `${'1'.repeat(12)}${' '.repeat(49)}+ 1`;
    expect(at64).toHaveLength(64);
    expect(parseChatCommand(at64)).toEqual(code('1'.repeat(12), 1));
    expect(parseChatCommand(`${'1'.repeat(12)}${' '.repeat(50)}+ 1`)).toBeNull();
  });

  it('answers hostile megabyte input quickly', () => {
    const huge = '+1'.repeat(500_000) + '\u200B'.repeat(500_000);
    expect(parseChatCommand(huge)).toBeNull();
    expect(parseChatCommand(' '.repeat(4_990) + 'a+1')).toBeNull();
  });

  it('returns the code as half-width digits', () => {
    expect(parseChatCommand('２６０１０８００１＋２')).toEqual({
      kind: 'order',
      target: { type: 'code', code: '260108001' },
      quantity: 2,
    });
  });
});

describe('normalizeCommandText', () => {
  it('strips zero-width characters, trims and folds full-width forms', () => {
    expect(normalizeCommandText(`\u3000${ZWSP}２６０１０８００１\u3000＋２${BOM} `)).toBe('260108001 +2');
  });

  it('is null beyond the command length', () => {
    expect(normalizeCommandText('x'.repeat(65))).toBeNull();
    expect(normalizeCommandText('x'.repeat(64))).toBe('x'.repeat(64));
  });
});
