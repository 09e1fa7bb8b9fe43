import { describe, expect, it } from 'vitest';
import {
  type ChatCommand,
  MAX_ORDER_QUANTITY,
  normalizeCommandText,
  parseChatCommand,
  quantityOutOfRange,
} from './chat-command.ts';

const newest = (quantity: number): ChatCommand => ({ kind: 'order', target: { type: 'newest' }, quantity });
const code = (productCode: string, quantity: number): ChatCommand => ({
  kind: 'order',
  target: { type: 'code', code: productCode },
  quantity,
});
const reserve = (quantity: number): ChatCommand => ({ kind: 'reserve', target: { type: 'newest' }, quantity });
const HISTORY: ChatCommand = { kind: 'history' };

const ZWSP = '\u200B';
const ZWNJ = '\u200C';
const ZWJ = '\u200D';
const WORD_JOINER = '\u2060';
const BOM = '\uFEFF';
const LRM = '\u200E';
const RLM = '\u200F';
const RLO = '\u202E';
const RLI = '\u2067';
const PDI = '\u2069';

/** Messages that are commands: [message, why, what it means]. */
const COMMANDS: [string, string, ChatCommand][] = [
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
  ['\u2028+1', 'a leading line separator is white space and trimmed', newest(1)],
  [' '.repeat(200) + '+1', 'long white space before a command is trimmed first', newest(1)],
  // Direction marks: keyboards and pasted text add them, the customer cannot see them
  [`+1${LRM}`, 'trailing left-to-right mark', newest(1)],
  [`+${LRM}1`, 'left-to-right mark inside', newest(1)],
  [`${LRM}+1`, 'leading left-to-right mark', newest(1)],
  [`+1${RLM}`, 'trailing right-to-left mark', newest(1)],
  [`${RLI}+1${PDI}`, 'right-to-left isolate around a command', newest(1)],
  [`${RLM}我要`, 'right-to-left mark before 我要', newest(1)],
  [`+2\u061C`, 'Arabic letter mark', newest(2)],
  [`幫我留${LRM}2個`, 'left-to-right mark inside a reservation', reserve(2)],
  [`his${LRM}tory`, 'a left-to-right mark inside the word', HISTORY],

  // Trailing 。 ！ !
  ['+1。', 'trailing ideographic full stop', newest(1)],
  ['+1!', 'trailing exclamation mark', newest(1)],
  ['+1！', 'trailing full-width exclamation mark', newest(1)],
  ['+1｡', 'trailing half-width ideographic full stop', newest(1)],
  ['+2!!', 'several exclamation marks', newest(2)],
  ['+3！！！', 'several full-width exclamation marks', newest(3)],
  ['+1。！', 'a full stop and an exclamation mark', newest(1)],
  ['+1 ！', 'a space before the mark', newest(1)],
  ['＋５　！', 'full-width, an ideographic space before the mark', newest(5)],
  ['+1！ ', 'white space after the mark', newest(1)],
  [`+1${ZWSP}！`, 'a zero-width space before the mark', newest(1)],

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
  ['260108001+3。', 'code with a trailing full stop', code('260108001', 3)],
  ['260108001 +2！', 'code, space and a trailing exclamation mark', code('260108001', 2)],
  ['2025001+1', "a 7-digit code is passed on, to be answered 'not found'", code('2025001', 1)],
  ['2025002+3', 'another 7-digit code', code('2025002', 3)],
  ['2025001 +1', 'a code with a space before +N', code('2025001', 1)],
  ['1+1', 'a 1-digit code is passed on too', code('1', 1)],
  ['0+1', 'code 0 is passed on too', code('0', 1)],
  ['000260108001+1', '12 digits: leading zeros are kept', code('000260108001', 1)],
  ['123456789012+3', '12 digits, the longest accepted', code('123456789012', 3)],

  // 我要 要 來 欲しい お願いします: one of the newest product
  ['我要', 'I want', newest(1)],
  ['要', 'want', newest(1)],
  ['來', 'come (give me one)', newest(1)],
  ['来', 'simplified 來', newest(1)],
  ['我要。', 'I want, full stop', newest(1)],
  ['我要！', 'I want, full-width exclamation mark', newest(1)],
  ['要!', 'want, exclamation mark', newest(1)],
  ['來！！', 'come, two exclamation marks', newest(1)],
  [' 我要 ', 'surrounding spaces', newest(1)],
  ['\n要\n', 'surrounding line breaks', newest(1)],
  ['我要\n', 'a trailing line break is trimmed', newest(1)],
  [`我${ZWSP}要`, 'zero-width space inside', newest(1)],
  ['欲しい', 'Japanese: want', newest(1)],
  ['欲しい！', 'Japanese with an exclamation mark', newest(1)],
  ['欲しい。', 'Japanese with a full stop', newest(1)],
  ['お願いします', 'Japanese: please', newest(1)],
  ['お願いします！', 'Japanese please with an exclamation mark', newest(1)],
  ['お願いします。', 'Japanese please with a full stop', newest(1)],
  ['　お願いします　', 'Japanese please, ideographic spaces', newest(1)],

  // 幫我留: a reservation of the newest product
  ['幫我留', 'hold one for me', reserve(1)],
  ['幫我留一個', 'hold one', reserve(1)],
  ['幫我留兩個', 'hold two (兩)', reserve(2)],
  ['幫我留二個', 'hold two (二)', reserve(2)],
  ['幫我留三個', 'three', reserve(3)],
  ['幫我留四個', 'four', reserve(4)],
  ['幫我留五個', 'five', reserve(5)],
  ['幫我留六個', 'six', reserve(6)],
  ['幫我留七個', 'seven', reserve(7)],
  ['幫我留八個', 'eight', reserve(8)],
  ['幫我留九個', 'nine', reserve(9)],
  ['幫我留1個', 'digit', reserve(1)],
  ['幫我留2個', 'digit 2', reserve(2)],
  ['幫我留12個', 'two digits', reserve(12)],
  ['幫我留99個', 'the maximum', reserve(99)],
  ['幫我留01個', 'zero-padded', reserve(1)],
  ['幫我留３個', 'full-width digit', reserve(3)],
  ['幫我留１０個', 'full-width two digits', reserve(10)],
  ['幫我留 2 個', 'spaces around the number', reserve(2)],
  ['幫我留　2　個', 'ideographic spaces around the number', reserve(2)],
  ['幫我留2', 'no counter', reserve(2)],
  ['幫我留2件', 'counter 件', reserve(2)],
  ['幫我留一件', 'counter 件 with a numeral', reserve(1)],
  ['幫我留2个', 'simplified counter 个', reserve(2)],
  ['帮我留两个', 'simplified 帮 两 个', reserve(2)],
  ['帮我留', 'simplified 帮', reserve(1)],
  ['幫我留！', 'exclamation mark', reserve(1)],
  ['幫我留一個。', 'full stop', reserve(1)],
  ['幫我留3個!!', 'two exclamation marks', reserve(3)],
  [`幫我留${ZWSP}2個`, 'zero-width space inside', reserve(2)],
  ['\n幫我留一個\n', 'surrounding line breaks', reserve(1)],

  // History
  ['【履歷】', 'bracketed 履歷', HISTORY],
  ['【購入履歷】', 'bracketed 購入履歷', HISTORY],
  ['【history】', 'bracketed history', HISTORY],
  ['履歷', '履歷 without brackets', HISTORY],
  ['購入履歷', '購入履歷 without brackets', HISTORY],
  ['history', 'history without brackets', HISTORY],
  ['History', 'capitalised', HISTORY],
  ['HISTORY', 'upper case', HISTORY],
  ['hIsToRy', 'mixed case', HISTORY],
  ['【HISTORY】', 'bracketed upper case', HISTORY],
  ['ｈｉｓｔｏｒｙ', 'full-width letters', HISTORY],
  ['【ｈｉｓｔｏｒｙ】', 'bracketed full-width letters', HISTORY],
  ['[history]', 'ASCII brackets', HISTORY],
  ['［履歷］', 'full-width square brackets', HISTORY],
  ['【 履歷 】', 'spaces inside the brackets', HISTORY],
  ['【履歴】', 'Japanese spelling 履歴', HISTORY],
  ['購入履歴', 'Japanese 購入履歴 without brackets', HISTORY],
  ['購買紀錄', 'merchants name the feature 購買紀錄', HISTORY],
  ['【購買記錄】', '購買記錄 (記) bracketed', HISTORY],
  ['【履歷】！', 'trailing exclamation mark', HISTORY],
  ['history!', 'English with an exclamation mark', HISTORY],
  ['  【history】\n', 'surrounding white space', HISTORY],
  [`【${ZWSP}履歷】`, 'zero-width space inside', HISTORY],
];

/** Messages that are no command: [message, why]. */
const NOT_COMMANDS: [string, string][] = [
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
  ['+0！', 'zero with a mark'],
  ['+100。', 'over 99 with a mark'],
  // Punctuation that is not accepted
  ['+1.', 'trailing full stop (ASCII) reads like a decimal'],
  ['+1~', 'trailing tilde'],
  ['+1～', 'trailing full-width tilde'],
  ['+1?', 'trailing question mark'],
  ['+1？', 'trailing full-width question mark'],
  ['！+1', 'leading exclamation mark'],
  ['。', 'a full stop alone'],
  ['!!!', 'exclamation marks alone'],
  ['+1！+1', 'a mark between two commands'],
  // Words mixed with commands
  ['+1 謝謝', 'trailing words'],
  ['我要+1', 'leading words'],
  ['我要 +1', 'leading words with a space'],
  ['+1 please', 'trailing English'],
  ['請問圍巾有其他顏色嗎？+1', 'a question then a command'],
  ['我要這個', 'I want this one'],
  ['我要2個', 'I want two: ambiguous, use +2'],
  ['我要一個', 'I want one (a numeral after 我要)'],
  ['要嗎', 'do you want it?'],
  ['要要', 'want want'],
  ['不要', "don't want"],
  ['我不要', "I don't want"],
  ['我要我要', 'twice'],
  ['來了', 'coming'],
  ['來一個', 'come one'],
  ['要 要', 'twice with a space'],
  ['我 要', 'space inside 我要'],
  ['ほしい', 'hiragana spelling'],
  ['欲しいです', 'Japanese with です'],
  ['これ欲しい', 'Japanese: I want this'],
  ['お願いします！よろしく', 'Japanese with more words'],
  ['お願い', 'Japanese short form'],
  ['加一', 'Chinese numeral'],
  ['+一', 'Chinese numeral after plus'],
  ['+one', 'English numeral'],
  ['+Ⅰ', 'Roman numeral folds to a letter'],
  ['+١', 'Arabic-Indic digit'],
  // Reservations that are not
  ['幫我留十個', 'ten as a numeral is outside 一..九'],
  ['幫我留0個', 'zero'],
  ['幫我留零個', 'zero as a numeral'],
  ['幫我留100個', 'over 99'],
  ['幫我留001個', 'three digits'],
  ['幫我留-1個', 'negative'],
  ['幫我留個', 'a counter without a number'],
  ['幫我留兩三個', 'two numerals'],
  ['幫我留2個謝謝', 'trailing words'],
  ['請幫我留一個', 'leading words'],
  ['幫我留一下', 'hold on a moment (not a quantity)'],
  ['幫我留言', 'leave me a message'],
  ['幫我留2個+1', 'two commands'],
  ['幫我留\n2個', 'line break inside'],
  ['幫 我 留', 'spaces inside the phrase'],
  ['260108001幫我留', 'a code before the phrase'],
  ['幫我留2個個', 'two counters'],
  // History that is not
  ['【履歷', 'unclosed bracket'],
  ['履歷】', 'unopened bracket'],
  ['【【履歷】】', 'double brackets'],
  ['【履歷】【履歷】', 'twice'],
  ['【履歷】+1', 'history then an order'],
  ['我的履歷', 'my history (words)'],
  ['history please', 'English with more words'],
  ['histories', 'plural'],
  ['【】', 'empty brackets'],
  ['(history)', 'round brackets'],
  ['《履歷》', 'title brackets'],
  ['hist ory', 'space inside the word'],
  // Emoji
  ['➕1', 'heavy plus emoji'],
  ['+1️⃣', 'keycap emoji'],
  ['+1🍓', 'trailing emoji'],
  ['🍓+1', 'leading emoji'],
  ['👍', 'emoji alone'],
  ['我要😍', 'Chinese command with an emoji'],
  ['幫我留🙏', 'reservation with an emoji'],
  ['【履歷】📜', 'history with an emoji'],
  ['+1\uFE0F', 'a variation selector is not removed'],
  // Inner white space other than spaces
  ['+\n1', 'line break inside'],
  ['260108001\n+2', 'line break between code and quantity'],
  ['+1\n+1', 'two lines of commands'],
  ['+\t1', 'tab inside'],
  ['260108001\t+2', 'tab between code and quantity'],
  ['+1\n謝謝', 'a command then a second line'],
  ['我要\n+1', 'two lines, two commands'],
  // Direction marks are removed: what is left must still be a command
  [`${RLO}1+`, 'right-to-left override showing "+1" is "1+" once removed'],
  ['+1\u00AD', 'soft hyphen'],
  // Hostile or empty input
  ['', 'empty'],
  ['   ', 'spaces only'],
  ['　', 'ideographic space only'],
  [ZWSP + ZWSP, 'zero-width characters only'],
  ["+1'; DROP TABLE orders;--", 'SQL injection after a command'],
  ["1' OR '1'='1", 'SQL injection'],
  ["'; DELETE FROM customers; --", 'SQL injection alone'],
  ["【履歷】' OR 1=1 --", 'SQL injection after history'],
  ['<script>alert(1)</script>', 'HTML injection'],
  ['<b>+1</b>', 'HTML around a command'],
  ['${process.exit()}+1', 'template injection'],
  ['{{7*7}}', 'template expression'],
  ['__proto__', 'prototype key'],
  ['constructor', 'object key'],
  ['hasOwnProperty', 'object key'],
  ['+1\u0000', 'NUL byte'],
  ['\u0000+1', 'leading NUL byte'],
  ['+1\u001B[2J', 'terminal escape'],
  ['../../etc/passwd', 'path traversal'],
  ['+'.repeat(65), 'over 64 characters'],
  ['1'.repeat(63) + '+1', '65 characters of otherwise valid shape'],
  ['+1'.repeat(5000), '10,000 characters'],
  ['我要'.repeat(5000), '10,000 characters of 我要'],
  ['+1' + ' '.repeat(10_000), 'a command padded beyond the LINE text limit'],
  [ZWSP.repeat(10_000) + '+1', '10,000 zero-width characters before a command'],
  ['【履歷】' + '！'.repeat(100), 'a command followed by 100 marks (over 64 characters)'],
  ['\uD83C', 'lone surrogate'],
  ['+1\uDFFF', 'lone low surrogate after a command'],
];

describe('parseChatCommand', () => {
  it('has a large table, commands and chat', () => {
    expect(COMMANDS.length + NOT_COMMANDS.length).toBeGreaterThanOrEqual(150);
    expect(new Set([...COMMANDS.map(([t]) => t), ...NOT_COMMANDS.map(([t]) => t)]).size).toBe(
      COMMANDS.length + NOT_COMMANDS.length,
    );
  });

  it.each(COMMANDS)('%j (%s) is a command', (text, _why, expected) => {
    expect(parseChatCommand(text)).toEqual(expected);
  });

  it.each(NOT_COMMANDS)('%j (%s) is not a command', (text) => {
    expect(parseChatCommand(text)).toBeNull();
  });

  it('accepts every quantity from 1 to MAX_ORDER_QUANTITY and nothing beyond', () => {
    expect(MAX_ORDER_QUANTITY).toBe(99);
    for (let n = 1; n <= MAX_ORDER_QUANTITY; n++) {
      expect(parseChatCommand(`+${n}`)).toEqual(newest(n));
      expect(parseChatCommand(`260108001+${n}`)).toEqual(code('260108001', n));
      expect(parseChatCommand(`幫我留${n}個`)).toEqual(reserve(n));
    }
    expect(parseChatCommand(`+${MAX_ORDER_QUANTITY + 1}`)).toBeNull();
    expect(parseChatCommand(`幫我留${MAX_ORDER_QUANTITY + 1}個`)).toBeNull();
  });

  it('accepts a command of exactly 64 characters and rejects 65', () => {
    const at64 = `${'1'.repeat(12)}${' '.repeat(49)}+ 1`;
    expect(at64).toHaveLength(64);
    expect(parseChatCommand(at64)).toEqual(code('1'.repeat(12), 1));
    expect(parseChatCommand(`${'1'.repeat(12)}${' '.repeat(50)}+ 1`)).toBeNull();
    expect(parseChatCommand(`+1${'!'.repeat(62)}`)).toEqual(newest(1));
    expect(parseChatCommand(`+1${'!'.repeat(63)}`)).toBeNull();
  });

  it('answers hostile megabyte input quickly', () => {
    const started = performance.now();
    const huge = '+1'.repeat(500_000) + '\u200B'.repeat(500_000);
    expect(parseChatCommand(huge)).toBeNull();
    expect(parseChatCommand(' '.repeat(4_990) + 'a+1')).toBeNull();
    expect(parseChatCommand(' '.repeat(4_990) + '+1' + '！'.repeat(8))).toEqual(newest(1));
    expect(parseChatCommand('【'.repeat(4_999))).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('never throws, whatever it is given', () => {
    for (const input of [null, undefined, 1, {}, [], Symbol.iterator] as unknown[]) {
      expect(parseChatCommand(input as string)).toBeNull();
    }
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
    expect(normalizeCommandText('　【ＨＩＳＴＯＲＹ】！')).toBe('【HISTORY】!');
  });

  it('is null beyond the command length', () => {
    expect(normalizeCommandText('x'.repeat(65))).toBeNull();
    expect(normalizeCommandText('x'.repeat(64))).toBe('x'.repeat(64));
  });
});

describe('quantityOutOfRange', () => {
  it.each([
    ['+0', { kind: 'order', quantity: 0 }],
    ['+100', { kind: 'order', quantity: 100 }],
    ['＋１００！', { kind: 'order', quantity: 100 }],
    ['260108001+150', { kind: 'order', quantity: 150 }],
    ['+001', { kind: 'order', quantity: 1 }],
    ['幫我留100個', { kind: 'reserve', quantity: 100 }],
    ['幫我留 0', { kind: 'reserve', quantity: 0 }],
  ] as const)('%j meant to order, outside 1..99', (text, expected) => {
    expect(parseChatCommand(text)).toBeNull();
    expect(quantityOutOfRange(text)).toEqual(expected);
  });

  it.each(['+1', '+99', '幫我留2個', '+1.5', '+-1', '+1 謝謝', '+1234567', '我要100個', '100', ''])(
    '%j is a command or chat, not an out-of-range order',
    (text) => expect(quantityOutOfRange(text)).toBeNull(),
  );
});
