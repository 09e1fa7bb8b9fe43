import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../../config/env.ts';
import { signLineBody } from '../../../integrations/line/signature.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';

/**
 * Thousands of generated deliveries — random JSON, huge and deep nesting, control characters
 * and lone surrogates, wrong types, valid events mixed with invalid ones — signed, unsigned and
 * wrongly signed, over HTTP to the real server and database. Never a 5xx; nothing stored from a
 * refused delivery or a refused event; every valid event of an accepted delivery stored.
 * A failure names the seed: rerun with FUZZ_SEED=<seed> to get the same deliveries.
 */

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const DELIVERIES = 2_000;
const IN_FLIGHT = 6;
const SHOPS = 6;

let stack: Stack;
let shops: TestTenant[];
let bodyLimit: number;

beforeAll(async () => {
  // The worker slot's shared stack: the events the fuzzer makes valid are ones the inbox ignores
  // (standby, join, …), and every check is scoped to this file's shops.
  stack = await startStack();
  bodyLimit = loadEnv(stack.env).WEBHOOK_BODY_LIMIT;
  shops = await Promise.all(Array.from({ length: SHOPS }, () => createTestTenant(stack, { products: [] })));
});
afterAll(() => stack?.stop());

/** mulberry32: small, seeded, good enough to pick shapes. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
  };
}
type Rng = ReturnType<typeof prng>;

const NASTY = [
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\uFFFF',
  '\uFEFF',
  '\u2028',
];
const PLAIN = ['+1', '我要', 'ABC', '261122001+2', '😀', 'é', ' ', '"', '\\', '{', '[', '\n', 'null'];

function randomString(r: Rng): string {
  const length = r.chance(0.02) ? r.int(5_000) : r.int(12);
  let s = '';
  while (s.length < length) s += r.chance(0.3) ? r.pick(NASTY) : r.pick(PLAIN);
  return s;
}

function randomJson(r: Rng, depth = 0): unknown {
  const kind = depth > 4 ? r.int(4) : r.int(6);
  switch (kind) {
    case 0:
      return r.pick([null, true, false]);
    case 1:
      return r.pick([0, -0, 1, -1, 1.5, 2 ** 53 + 1, 1e308, -1e-308, r.int(1_000_000)]);
    case 2:
    case 3:
      return randomString(r);
    case 4:
      return Array.from({ length: r.int(5) }, () => randomJson(r, depth + 1));
    default: {
      const keys = ['type', 'events', 'message', 'source', '__proto__', 'constructor', 'text', 'webhookEventId'];
      return Object.fromEntries(
        Array.from({ length: r.int(5) }, () => [
          r.chance(0.5) ? r.pick(keys) : randomString(r),
          randomJson(r, depth + 1),
        ]),
      );
    }
  }
}

function nested(r: Rng, depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = r.chance(0.5) ? [value] : { a: value };
  return value;
}

/** Stands for arrays nested `depth` deep, spliced into the JSON text (JSON.stringify would overflow). */
const deepMark = (depth: number) => `@deep:${depth}@`;
const spliceDeep = (json: string) =>
  json.replace(/"@deep:(\d+)@"/g, (_, depth: string) => '['.repeat(Number(depth)) + ']'.repeat(Number(depth)));

function source(r: Rng) {
  return r.pick([
    { type: 'user', userId: `U${r.int(1e9)}` },
    { type: 'group', groupId: `C${r.int(1e9)}`, userId: `U${r.int(1e9)}` },
    { type: 'room', roomId: `R${r.int(1e9)}` },
  ]);
}

/** An event the schema accepts and the inbox then ignores (standby mode, or a type with no handler). */
function validEvent(r: Rng, webhookEventId: string): Record<string, unknown> {
  const base = {
    timestamp: 1_700_000_000_000 + r.int(1e9),
    mode: 'standby',
    webhookEventId,
    deliveryContext: { isRedelivery: r.chance(0.1) },
    source: source(r),
  };
  const text = { type: 'text', id: String(r.int(1e9)), quoteToken: 'q', text: randomString(r) };
  return r.pick([
    () => ({ ...base, type: 'message', message: text }),
    () => ({ ...base, type: 'message', message: { type: 'image', id: '1', contentProvider: { type: 'line' } } }),
    () => ({ ...base, type: 'message', message: { type: 'sticker', id: '2', stickerId: '52002738' } }),
    () => ({ ...base, type: 'messageEdited', message: { ...text, quoteToken: undefined } }),
    () => ({ ...base, type: 'follow', follow: { isUnblocked: r.chance(0.5) } }),
    () => ({ ...base, type: 'postback', postback: { data: randomString(r) } }),
    () => ({ ...base, mode: 'active', type: 'join', replyToken: 'r' }),
    () => ({ ...base, mode: 'active', type: 'leave' }),
    () => ({ ...base, mode: 'active', type: 'unsend', unsend: { messageId: '1' } }),
    () => ({ ...base, mode: 'active', type: 'memberJoined', joined: { members: [] }, extra: randomJson(r) }),
    () => ({ ...base, mode: 'active', type: 'somethingNew', payload: nested(r, r.int(20)) }),
  ])();
}

/** A valid event with one change that the schema must refuse. */
function brokenEvent(r: Rng, webhookEventId: string): Record<string, unknown> {
  const e = validEvent(r, webhookEventId);
  r.pick([
    () => delete e.timestamp,
    () => (e.timestamp = r.pick(['now', null, [], {}, true, 1.5, -1, 1e21])),
    () => (e.mode = r.pick(['sleeping', 1, null, ''])),
    () => delete e.deliveryContext,
    () => (e.deliveryContext = { isRedelivery: 'no' }),
    () => (e.source = { type: 'user' }),
    () => (e.source = { type: r.pick(['bot', 1, null]) }),
    () => (e.type = r.pick([1, null, [], { type: 'message' }])),
    () => (e.webhookEventId = webhookEventId + 'x'.repeat(200)),
    () => (e.extra = deepMark(33 + r.int(5_000))),
    () => (e.extra = Array.from({ length: 1_001 }, () => 0)),
    () => Object.assign(e, { type: 'message', mode: 'standby', message: { type: 'text', id: '1', text: 1 } }),
    () => Object.assign(e, { type: 'follow', mode: 'standby', follow: 'yes' }),
  ])();
  return e;
}

/** A valid event changed at random: it may or may not still be valid. */
function fuzzyEvent(r: Rng, webhookEventId: string): Record<string, unknown> {
  const e = validEvent(r, webhookEventId);
  for (let n = 1 + r.int(3); n > 0; n--) {
    const keys = Object.keys(e);
    const key = r.pick(keys);
    r.pick([
      () => (e[randomString(r)] = randomJson(r)),
      () => (e[key] = key === 'webhookEventId' ? `${webhookEventId}${randomString(r)}` : randomJson(r)),
      () => key !== 'webhookEventId' && delete e[key],
      () => {
        const inner = e[key];
        if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
          const k = r.pick(Object.keys(inner).concat('new'));
          (inner as Record<string, unknown>)[k] = r.chance(0.5) ? randomString(r) : randomJson(r);
        }
      },
    ])();
  }
  return e;
}

type Signing = 'signed' | 'unsigned' | 'wrong_secret' | 'tampered';
type Kind = 'mixed' | 'all_valid' | 'all_broken' | 'random_json' | 'deep' | 'huge' | 'bytes' | 'redelivery';

interface Delivery {
  index: number;
  kind: Kind;
  shop: TestTenant;
  signing: Signing;
  body: Buffer;
  /** Events that must be stored when the delivery is accepted, and events that must never be. */
  valid: string[];
  broken: string[];
  /** For a redelivery: the delivery it repeats. */
  repeats?: number;
}

function generate(r: Rng, index: number, earlier: Delivery[]): Delivery {
  const signing: Signing = r.chance(0.8) ? 'signed' : r.pick(['unsigned', 'wrong_secret', 'tampered'] as const);
  const kind = r.pick<Kind>([
    'mixed',
    'mixed',
    'mixed',
    'mixed',
    'all_valid',
    'all_broken',
    'random_json',
    'deep',
    'huge',
    'bytes',
    'redelivery',
  ]);
  // Corrupted bytes may land in an event ID, so those deliveries go to a shop of their own
  // and are checked by count: the others' stored events are traced back by their ID.
  const shop = kind === 'bytes' ? shops[0]! : r.pick(shops.slice(1));
  const valid: string[] = [];
  const broken: string[] = [];
  const id = (e: number) => `fz-${index}-${e}`;
  const envelope = (events: unknown) => ({
    destination: r.chance(0.9) ? `U${r.int(1e9)}` : randomJson(r),
    events,
    ...(r.chance(0.1) ? { [randomString(r)]: randomJson(r) } : {}),
  });
  const delivery = (body: string | Buffer): Delivery => ({
    index,
    kind,
    shop,
    signing,
    body: Buffer.isBuffer(body) ? body : Buffer.from(spliceDeep(body)),
    valid,
    broken,
  });

  const mixedEvents = (count: number) =>
    Array.from({ length: count }, (_, e) => {
      const pick = r.int(4);
      if (pick === 0) return (valid.push(id(e)), validEvent(r, id(e)));
      if (pick === 1) return (broken.push(id(e)), brokenEvent(r, id(e)));
      return pick === 2 ? fuzzyEvent(r, id(e)) : randomJson(r);
    });

  switch (kind) {
    case 'mixed':
      return delivery(JSON.stringify(envelope(mixedEvents(r.chance(0.05) ? 100 : r.int(12)))));
    case 'all_valid':
      return delivery(
        JSON.stringify({
          destination: 'U1',
          events: Array.from({ length: 1 + r.int(10) }, (_, e) => (valid.push(id(e)), validEvent(r, id(e)))),
        }),
      );
    case 'all_broken':
      return delivery(
        JSON.stringify({
          destination: 'U1',
          events: Array.from({ length: 1 + r.int(10) }, (_, e) => (broken.push(id(e)), brokenEvent(r, id(e)))),
        }),
      );
    case 'random_json':
      return delivery(JSON.stringify(r.chance(0.5) ? randomJson(r) : envelope(randomJson(r))));
    case 'deep': {
      const depth = r.pick([40, 1_000, 10_000, 100_000]);
      const deep = r.chance(0.5)
        ? '['.repeat(depth) + ']'.repeat(depth)
        : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const events = mixedEvents(r.int(4));
      const body = r.pick([
        () => deep,
        () => JSON.stringify({ destination: 'U1', events: '@' }),
        () => JSON.stringify({ destination: 'U1', events, extra: '@' }),
        () => JSON.stringify({ destination: 'U1', events: [...events, '@'] }),
        () => {
          broken.push(id(99));
          return JSON.stringify({ destination: 'U1', events: [...events, { ...validEvent(r, id(99)), extra: '@' }] });
        },
      ])();
      return delivery(body.replace('"@"', deep));
    }
    case 'huge':
      return delivery(
        r.pick([
          () => JSON.stringify({ destination: 'U1', events: Array.from({ length: 101 + r.int(5_000) }, () => ({})) }),
          () =>
            JSON.stringify({ destination: 'U1', events: Array.from({ length: 101 }, (_, e) => validEvent(r, id(e))) }),
          () => JSON.stringify({ destination: 'U1', events: [validEvent(r, id(0))], pad: 'x'.repeat(1_100_000) }),
          () => JSON.stringify({ destination: 'U1', events: Array.from({ length: 100 }, () => Array(200).fill(0)) }),
          () => {
            broken.push(id(0));
            return JSON.stringify({
              destination: 'U1',
              events: [{ ...validEvent(r, id(0)), pad: Array(5_000).fill('') }],
            });
          },
        ])(),
      );
    case 'bytes': {
      const text = Buffer.from(JSON.stringify(envelope(mixedEvents(r.int(5)))));
      valid.length = broken.length = 0;
      const at = r.int(text.length + 1);
      return delivery(
        r.pick([
          () => text.subarray(0, at),
          () => Buffer.concat([text.subarray(0, at), Buffer.from([r.int(256), r.int(256)]), text.subarray(at)]),
          () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]),
          () => Buffer.from(text.toString('latin1').replace(/"\+1"/g, '"\u0000\u0001"'), 'latin1'),
          () => Buffer.from(text.toString().replace(/"text":"[^"]*"/, '"text":"\uD800\u0000"'), 'utf16le'),
          () => Buffer.alloc(0),
        ])(),
      );
    }
    case 'redelivery': {
      const before = earlier.filter((d) => d.signing === 'signed' && d.kind === 'all_valid');
      if (before.length === 0) return delivery('{}');
      const original = r.pick(before);
      return { ...original, index, kind, signing: 'signed', repeats: original.index };
    }
  }
}

interface Outcome {
  status: number;
  body: string;
}

async function send(d: Delivery): Promise<Outcome> {
  try {
    return await post(d);
  } catch (error) {
    // The server may close the connection on a body over its limit before it has all of it.
    if (d.body.length > bodyLimit) return { status: 413, body: '' };
    throw error;
  }
}

async function post(d: Delivery): Promise<Outcome> {
  const secret = d.signing === 'wrong_secret' ? 'not-the-secret' : d.shop.channelSecret;
  const signed = d.signing === 'tampered' ? Buffer.concat([d.body, Buffer.from(' ')]) : d.body;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (d.signing !== 'unsigned') headers['x-line-signature'] = signLineBody(signed, secret);
  const response = await fetch(`${stack.apiUrl}/t/${d.shop.slug}/webhook`, {
    method: 'POST',
    headers,
    body: new Uint8Array(d.body),
  });
  return { status: response.status, body: await response.text() };
}

describe('the LINE webhook under generated deliveries', () => {
  it(`never answers 5xx, and stores exactly the valid events of accepted deliveries (FUZZ_SEED=${SEED})`, async () => {
    console.log(`webhook fuzz: FUZZ_SEED=${SEED}`);
    const r = prng(SEED);
    const deliveries: Delivery[] = [];
    for (let i = 0; i < DELIVERIES; i++) deliveries.push(generate(r, i, deliveries));

    const outcomes: Outcome[] = [];
    const done: Promise<void>[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < deliveries.length) {
          const d = deliveries[next++]!;
          if (d.repeats !== undefined) await done[d.repeats];
          // A redelivery of what LINE was told to retry later is not one: skipped.
          const skip = d.repeats !== undefined && outcomes[d.repeats]!.status !== 200;
          done[d.index] = skip ? Promise.resolve() : send(d).then((o) => void (outcomes[d.index] = o));
          await done[d.index];
        }
      }),
    );

    const rows = await stack.db.lineWebhookEvent.findMany({
      where: { tenantId: { in: shops.map((s) => s.id) } },
      select: { tenantId: true, webhookEventId: true },
    });
    const storedBy = new Map<number, string[]>();
    for (const row of rows) {
      if (row.tenantId === shops[0]!.id) continue; // the corrupted bytes' shop: counted below
      const owner = /^fz-(\d+)-/.exec(row.webhookEventId);
      expect(owner, `a stored event no delivery sent: ${row.webhookEventId}`).not.toBeNull();
      const index = Number(owner![1]);
      expect(row.tenantId, `event ${row.webhookEventId} stored for another shop`).toBe(deliveries[index]!.shop.id);
      storedBy.set(index, [...(storedBy.get(index) ?? []), row.webhookEventId]);
    }

    const failures: string[] = [];
    const statuses = new Map<string, number>();
    const answeredStored = new Map<string, number>();
    for (const d of deliveries) {
      if (!outcomes[d.index]) continue;
      const { status, body } = outcomes[d.index]!;
      statuses.set(`${d.kind} ${d.signing} ${status}`, (statuses.get(`${d.kind} ${d.signing} ${status}`) ?? 0) + 1);
      const stored = d.repeats === undefined ? (storedBy.get(d.index) ?? []) : [];
      const fail = (why: string) => failures.push(`#${d.index} (${d.kind}, ${d.signing}) ${status}: ${why}`);
      if (status >= 500) fail(`server error ${body.slice(0, 200)}`);
      if (body.length > 4_000) fail(`answer of ${body.length} characters`);
      if (d.signing !== 'signed') {
        // A body over the limit is refused before it is read, so before its signature is checked.
        if (status !== 401 && !(status === 413 && d.body.length > bodyLimit))
          fail('not signed by the shop, yet not 401');
        if (stored.length > 0) fail(`stored ${stored.join(' ')}`);
        continue;
      }
      if (![200, 400, 413, 429].includes(status)) fail('unexpected status');
      if (status !== 200) {
        if (stored.length > 0) fail(`refused, yet stored ${stored.join(' ')}`);
        if (d.kind === 'all_valid' && status !== 429) fail(`valid delivery refused: ${body.slice(0, 300)}`);
        continue;
      }
      if (d.kind === 'all_broken' || d.kind === 'huge') fail('accepted');
      const answer = JSON.parse(body) as { stored: number };
      answeredStored.set(d.shop.id, (answeredStored.get(d.shop.id) ?? 0) + answer.stored);
      if (d.kind === 'bytes') continue;
      if (d.repeats !== undefined) {
        if (answer.stored !== 0) fail(`a redelivery stored ${answer.stored} events again`);
        continue;
      }
      if (answer.stored !== stored.length) fail(`answered stored=${answer.stored}, stored ${stored.length}`);
      const missing = d.valid.filter((e) => !stored.includes(e));
      if (missing.length > 0) fail(`valid events not stored: ${missing.join(' ')}`);
      const wrong = d.broken.filter((e) => stored.includes(e));
      if (wrong.length > 0) fail(`invalid events stored: ${wrong.join(' ')}`);
    }
    for (const shop of shops) {
      const count = rows.filter((row) => row.tenantId === shop.id).length;
      if (count !== (answeredStored.get(shop.id) ?? 0)) {
        failures.push(`${shop.slug}: ${count} events stored, answers said ${answeredStored.get(shop.id) ?? 0}`);
      }
    }
    console.log(
      `webhook fuzz: ${DELIVERIES} deliveries, ${rows.length} events stored;`,
      Object.fromEntries([...statuses].sort()),
    );
    expect(failures.slice(0, 20), `FUZZ_SEED=${SEED}`).toEqual([]);
    // Whatever was stored, the inbox goes on: every event is dispatched (these are all ignored).
    await waitFor('every stored event dispatched', async () => {
      const left = await stack.db.lineWebhookEvent.count({
        where: { tenantId: { in: shops.map((s) => s.id) }, dispatchedAt: null },
      });
      return left === 0;
    });
  }, 180_000);
});
