import type { FastifyInstance, FastifyReply } from 'fastify';
import { payOpenInvoices, type BillingContext } from './billing-cycle.ts';
import { completeCheckout } from './checkout-completion.ts';
import { completeOnboarding } from './routes-connect.ts';
import type { SandboxCheckoutSession } from './store.ts';

/**
 * The pages Stripe hosts, as a person meets them in the demo and a browser test drives them:
 * Checkout (one 付款 button, and 拒絕 for a declined card), the Customer Portal, Connect
 * onboarding and the Express dashboard, and an invoice. Plain HTML forms, no script.
 */
export function registerHostedPages(app: FastifyInstance, ctx: BillingContext): void {
  const { store } = ctx;

  app.get<{ Params: { id: string } }>('/c/pay/:id', async (request, reply) => {
    const session = store.sessions.get(request.params.id);
    if (!session) return page(reply, 404, '找不到結帳頁面', '<p>這個結帳連結不存在。</p>');
    return page(reply, 200, 'Stripe Checkout（沙盒）', checkoutBody(session));
  });

  app.post<{ Params: { id: string }; Body: { action?: string } }>('/c/pay/:id', async (request, reply) => {
    const session = store.sessions.get(request.params.id);
    if (!session) return page(reply, 404, '找不到結帳頁面', '<p>這個結帳連結不存在。</p>');
    const action = request.body?.action;
    if (action === 'cancel' && session.cancel_url) return reply.redirect(session.cancel_url, 303);
    const result = completeCheckout(ctx, session, action === 'decline' ? 'decline' : 'pay');
    if (result.ok) return reply.redirect(result.redirect, 303);
    return page(reply, result.reason === 'declined' ? 402 : 409, 'Stripe Checkout（沙盒）', checkoutBody(session));
  });

  app.get<{ Params: { id: string } }>('/p/session/:id', async (request, reply) => {
    const portal = store.portalSessions.get(request.params.id);
    if (!portal) return page(reply, 404, '找不到帳務入口', '<p>這個連結不存在或已過期。</p>');
    const subs = [...store.subscriptions.values()].filter((s) => s.customer === portal.customer);
    const invoices = [...store.invoices.values()].filter((i) => i.customer === portal.customer);
    const customer = store.customers.get(portal.customer);
    const rows = subs
      .map(
        (s) => `<li><strong>${esc(s.item.productName)}</strong>：${money(s.item.unitAmount, s.currency)} / 月
          <span class="tag" data-status="${s.status}">${s.status}</span>
          ${s.cancel_at_period_end ? '（本期結束後取消）' : ''}
          ${s.status !== 'canceled' && !s.cancel_at_period_end ? `<form method="post"><input type="hidden" name="action" value="cancel"><input type="hidden" name="subscription" value="${s.id}"><button>取消訂閱</button></form>` : ''}</li>`,
      )
      .join('');
    const invoiceRows = invoices
      .map((i) => `<li>${esc(i.number)}：${money(i.amount_due, i.currency)}，${i.status === 'paid' ? '已付款' : '未付款'}</li>`)
      .join('');
    return page(
      reply,
      200,
      '帳務管理（Stripe 沙盒）',
      `<h1>帳務管理</h1>
      <p>付款卡片：${customer?.card === 'ok' ? 'Visa •••• 4242' : customer?.card === 'declines' ? 'Visa •••• 0341（扣款會失敗）' : '尚未設定'}</p>
      <form method="post"><input type="hidden" name="action" value="card_ok"><button class="primary">更新付款方式（Visa •••• 4242）</button></form>
      <form method="post"><input type="hidden" name="action" value="card_declines"><button>換成會被拒絕的卡片</button></form>
      <h2>訂閱</h2><ul>${rows || '<li>沒有訂閱</li>'}</ul>
      <h2>發票</h2><ul>${invoiceRows || '<li>沒有發票</li>'}</ul>
      <p><a href="${esc(portal.return_url)}">← 返回</a></p>`,
    );
  });

  app.post<{ Params: { id: string }; Body: { action?: string; subscription?: string } }>(
    '/p/session/:id',
    async (request, reply) => {
      const portal = store.portalSessions.get(request.params.id);
      if (!portal) return page(reply, 404, '找不到帳務入口', '<p>這個連結不存在或已過期。</p>');
      const customer = store.customers.get(portal.customer);
      const action = request.body?.action;
      if (customer && action === 'card_ok') {
        customer.card = 'ok';
        payOpenInvoices(ctx, customer.id);
      } else if (customer && action === 'card_declines') {
        customer.card = 'declines';
      } else if (action === 'cancel') {
        const sub = store.subscriptions.get(request.body?.subscription ?? '');
        if (sub && sub.customer === portal.customer && sub.status !== 'canceled') sub.cancel_at_period_end = true;
      }
      return reply.redirect(`/p/session/${portal.id}`, 303);
    },
  );

  app.get<{ Params: { id: string } }>('/connect/onboarding/:id', async (request, reply) => {
    const link = store.accountLinks.get(request.params.id);
    if (!link) return page(reply, 404, '連結無效', '<p>這個設定連結不存在。</p>');
    if (link.expires_at < store.now()) return reply.redirect(link.refresh_url, 303);
    const account = store.accounts.get(link.account);
    return page(
      reply,
      200,
      'Stripe 帳戶設定（沙盒）',
      `<h1>設定您的 Stripe 帳戶</h1>
      <p>帳戶 ${esc(link.account)}${account?.email ? `（${esc(account.email)}）` : ''}</p>
      <p>沙盒會以測試資料填好商家資料與收款銀行帳戶。</p>
      <form method="post"><button class="primary" name="action" value="complete">完成設定</button></form>
      <form method="post"><button name="action" value="later">稍後再說</button></form>`,
    );
  });

  app.post<{ Params: { id: string }; Body: { action?: string } }>('/connect/onboarding/:id', async (request, reply) => {
    const link = store.accountLinks.get(request.params.id);
    if (!link) return page(reply, 404, '連結無效', '<p>這個設定連結不存在。</p>');
    store.accountLinks.delete(request.params.id);
    const account = store.accounts.get(link.account);
    if (account && request.body?.action === 'complete') completeOnboarding(ctx, account);
    return reply.redirect(link.return_url, 303);
  });

  app.get<{ Params: { id: string } }>('/connect/express/:id', async (request, reply) => {
    const account = store.accounts.get(request.params.id);
    if (!account) return page(reply, 404, '找不到帳戶', '<p>這個帳戶不存在。</p>');
    return page(
      reply,
      200,
      'Stripe Express（沙盒）',
      `<h1>Stripe Express</h1><p>帳戶 ${esc(account.id)}</p><p>收款：${account.charges_enabled ? '已啟用' : '未啟用'}，撥款：${account.payouts_enabled ? '已啟用' : '未啟用'}</p>`,
    );
  });

  app.get<{ Params: { id: string } }>('/invoices/:id', async (request, reply) => {
    const invoice = store.invoices.get(request.params.id);
    if (!invoice) return page(reply, 404, '找不到發票', '<p>這張發票不存在。</p>');
    return page(
      reply,
      200,
      `發票 ${invoice.number}`,
      `<h1>發票 ${esc(invoice.number)}</h1><p>金額 ${money(invoice.amount_due, invoice.currency)}，${invoice.status === 'paid' ? '已付款' : '未付款'}</p>`,
    );
  });
}

function checkoutBody(session: SandboxCheckoutSession): string {
  const items = session.lineItems
    .map((l) => `<li>${esc(l.priceData.productName)} × ${l.quantity}：${money(l.priceData.unitAmount * l.quantity, l.priceData.currency)}${l.priceData.interval ? ' / 月' : ''}</li>`)
    .join('');
  if (session.status !== 'open') {
    return `<h1>這個結帳已${session.status === 'complete' ? '完成' : '失效'}</h1>`;
  }
  return `<h1>${session.mode === 'subscription' ? '訂閱' : '付款'}</h1>
    <ul>${items}</ul>
    ${session.trialDays ? `<p class="trial">免費試用 ${session.trialDays} 天，今日不扣款</p>` : `<p>總計 ${money(session.amount_total, session.currency)}</p>`}
    <p>測試卡片 Visa •••• 4242</p>
    ${session.lastError ? `<p class="error" role="alert">${esc(session.lastError)}</p>` : ''}
    <form method="post">
      <button class="primary" name="action" value="pay">${session.trialDays ? '開始試用' : '付款'}</button>
      <button name="action" value="decline">拒絕（模擬卡片被拒）</button>
      ${session.cancel_url ? '<button name="action" value="cancel">返回</button>' : ''}
    </form>`;
}

/** Stripe amounts are in the currency's minor unit; TWD has two decimals on the API. */
function money(amount: number, currency: string): string {
  const major = amount / 100;
  return currency === 'twd' ? `NT$${major.toLocaleString('en-US', { maximumFractionDigits: 2 })}` : `${major.toFixed(2)} ${currency.toUpperCase()}`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="zh-Hant-TW"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>
body{font-family:system-ui,'Noto Sans CJK TC',sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1f36}
h1{font-size:1.4rem}button{font:inherit;padding:.7rem 1rem;border-radius:.5rem;border:1px solid #c4c9d4;background:#fff;margin:.25rem 0;width:100%}
button.primary{background:#635bff;color:#fff;border-color:#635bff;font-weight:600}.error{color:#b3261e;font-weight:600}
.tag{font-size:.8rem;padding:.1rem .4rem;border-radius:.3rem;background:#eef}.trial{color:#0a7d38}
</style></head><body><p><small>Stripe 沙盒</small></p>${body}</body></html>`);
}
