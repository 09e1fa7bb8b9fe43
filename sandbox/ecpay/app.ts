import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { openData, sealData } from '../../integrations/ecpay/envelope.ts';
import { runOperation } from './operations.ts';
import { EcpaySandboxStore, FAULT_KINDS } from './store.ts';

/**
 * A local stand-in for ECPay's B2C e-invoice API (v3): POST /B2CInvoice/<Op> with
 * `{MerchantID, RqHeader: {Timestamp, Revision}, Data}`, `Data` sealed with the merchant's
 * HashKey/HashIV, answered `{MerchantID, RpHeader, TransCode, TransMsg, Data}`; invoices kept,
 * voided and allowed; faults on demand; /__control for tests and people.
 */

const envelopeSchema = z.object({
  MerchantID: z.string(),
  RqHeader: z.object({ Timestamp: z.coerce.number(), Revision: z.string().optional() }),
  Data: z.string(),
});

const faultSchema = z.strictObject({
  op: z.string().default('*'),
  kind: z.enum(FAULT_KINDS),
  times: z.number().int().min(1).max(100).default(1),
});

export function buildEcpaySandbox(opts: { logger?: boolean; now?: () => Date } = {}) {
  const store = new EcpaySandboxStore();
  const now = opts.now ?? (() => new Date());
  const app: FastifyInstance = Fastify({ logger: opts.logger ?? false });

  app.post<{ Params: { op: string } }>('/B2CInvoice/:op', async (request, reply) => {
    const fault = store.takeFault(request.params.op);
    if (fault === 'http_500') return reply.code(500).send('Internal Server Error');
    if (fault === 'throttle') return reply.code(403).send('Forbidden');
    const envelope = envelopeSchema.safeParse(request.body);
    const answer = (TransCode: number, TransMsg: string, Data = '') =>
      reply.send({
        MerchantID: envelope.success ? envelope.data.MerchantID : '',
        RpHeader: { Timestamp: Math.floor(now().getTime() / 1000) },
        TransCode,
        TransMsg,
        Data,
      });
    if (!envelope.success) return answer(9999, '傳入參數格式錯誤');
    if (fault === 'trans_error') return answer(9999, '系統忙碌中，請稍後再試');
    const keys = store.merchants.get(envelope.data.MerchantID);
    if (!keys) return answer(9999, '廠商編號錯誤');
    if (Math.abs(now().getTime() / 1000 - envelope.data.RqHeader.Timestamp) > 600)
      return answer(9999, 'Timestamp 已逾時');
    let data: Record<string, unknown>;
    try {
      data = openData(envelope.data.Data, keys) as Record<string, unknown>;
    } catch {
      return answer(9999, 'Data 解密失敗');
    }
    const result =
      fault === 'numbers_exhausted' && request.params.op === 'Issue'
        ? { RtnCode: 5070350, RtnMsg: '查無可使用的發票字軌號碼' }
        : runOperation(store, envelope.data.MerchantID, request.params.op, data, now());
    // The work is done; the caller never hears so (a timeout after ECPay received the request).
    if (fault === 'drop_after_receipt') return reply.raw.destroy();
    if (fault === 'slow_answer') await new Promise((resolve) => setTimeout(resolve, store.slowAnswerMs));
    return answer(1, '執行成功', sealData(result, keys));
  });

  app.post('/__control/faults', async (request, reply) => {
    const fault = faultSchema.safeParse(request.body);
    if (!fault.success) return reply.code(400).send({ message: fault.error.issues[0]?.message });
    store.faults.push({ op: fault.data.op, kind: fault.data.kind, remaining: fault.data.times });
    return { faults: store.faults };
  });
  app.delete('/__control/faults', async () => {
    store.faults = [];
    return { faults: [] };
  });
  app.post('/__control/clock', async (request, reply) => {
    const body = z
      .strictObject({
        issueDaysAgo: z.number().int().min(0).max(3650).optional(),
        slowAnswerMs: z.number().int().min(0).max(120_000).optional(),
      })
      .safeParse(request.body);
    if (!body.success) return reply.code(400).send({ message: body.error.issues[0]?.message });
    if (body.data.issueDaysAgo !== undefined) store.issueDateShiftMs = body.data.issueDaysAgo * 86_400_000;
    if (body.data.slowAnswerMs !== undefined) store.slowAnswerMs = body.data.slowAnswerMs;
    return { issueDaysAgo: store.issueDateShiftMs / 86_400_000, slowAnswerMs: store.slowAnswerMs };
  });

  app.post('/__control/merchants', async (request, reply) => {
    const merchant = z
      .strictObject({ merchantId: z.string().min(1), hashKey: z.string().length(16), hashIv: z.string().length(16) })
      .safeParse(request.body);
    if (!merchant.success) return reply.code(400).send({ message: merchant.error.issues[0]?.message });
    store.merchants.set(merchant.data.merchantId, merchant.data);
    return { merchantId: merchant.data.merchantId };
  });
  app.post('/__control/carriers', async (request, reply) => {
    const body = z
      .strictObject({ unknownBarcode: z.string().optional(), loveCode: z.string().optional() })
      .safeParse(request.body);
    if (!body.success) return reply.code(400).send({ message: body.error.issues[0]?.message });
    if (body.data.unknownBarcode) store.unknownBarcodes.add(body.data.unknownBarcode);
    if (body.data.loveCode) store.loveCodes.add(body.data.loveCode);
    return { ok: true };
  });
  app.get<{ Querystring: { merchantId?: string } }>('/__control/invoices', async (request) => ({
    invoices: store.invoices.filter((i) => !request.query.merchantId || i.merchantId === request.query.merchantId),
  }));

  return { app, store };
}
