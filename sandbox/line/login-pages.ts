import type { SandboxLoginChannel, SandboxUser } from './store.ts';

/** The sandbox's stand-ins for LINE's login and consent screens (access.line.me). */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100dvh; display: flex; justify-content: center; background: #f2f3f5;
    font-family: -apple-system, BlinkMacSystemFont, 'PingFang TC', 'Noto Sans TC', 'Microsoft JhengHei', sans-serif; color: #111; }
  main { width: 100%; max-width: 420px; background: #fff; min-height: 100dvh; display: flex; flex-direction: column; }
  header { background: #06c755; color: #fff; padding: 14px 18px; font-weight: 700; letter-spacing: .02em; }
  header small { display: block; font-weight: 400; opacity: .9; font-size: 12px; margin-top: 2px; }
  section { padding: 18px; }
  h1 { font-size: 18px; margin: 0 0 6px; }
  p { margin: 0 0 12px; color: #444; font-size: 14px; line-height: 1.5; }
  .perm { border: 1px solid #e3e6ea; border-radius: 10px; padding: 10px 12px 10px 32px; margin: 0 0 16px; font-size: 14px; }
  .perm li { margin: 4px 0; }
  fieldset { border: 0; margin: 0 0 12px; padding: 0; }
  legend { font-weight: 600; font-size: 14px; margin-bottom: 8px; }
  label.user { display: flex; align-items: center; gap: 10px; padding: 10px 12px; border: 1px solid #e3e6ea;
    border-radius: 10px; margin-bottom: 8px; cursor: pointer; min-height: 48px; }
  label.user:has(input:checked) { border-color: #06c755; background: #eefbf3; }
  .avatar { width: 32px; height: 32px; border-radius: 50%; background: #d9f5e5; color: #036b2e; display: grid;
    place-items: center; font-weight: 700; flex: none; }
  .new { display: flex; flex-direction: column; gap: 6px; font-size: 14px; margin: 4px 0 16px; }
  .new input { font: inherit; padding: 10px 12px; border: 1px solid #cfd5dc; border-radius: 10px; }
  .problem { color: #a3231b; font-weight: 600; }
  .actions { display: grid; gap: 8px; margin-top: auto; padding: 18px; border-top: 1px solid #eee; }
  button { font: inherit; font-weight: 700; min-height: 48px; border-radius: 10px; border: 0; cursor: pointer; }
  button.allow { background: #06c755; color: #fff; }
  button.deny { background: #fff; color: #444; border: 1px solid #cfd5dc; }
  .note { font-size: 12px; color: #777; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-Hant-TW">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export function renderConsentPage(input: {
  channel: SandboxLoginChannel;
  params: Record<string, string | undefined>;
  users: SandboxUser[];
  problem?: string;
}): string {
  const hidden = Object.entries(input.params)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value!)}">`)
    .join('');
  const scopes = (input.params.scope ?? '').split(' ');
  const users = input.users
    .map(
      (user, index) =>
        `<label class="user"><input type="radio" name="userId" value="${escapeHtml(user.userId)}"${
          index === 0 ? ' checked' : ''
        }><span class="avatar" aria-hidden="true">${escapeHtml([...user.displayName][0] ?? '?')}</span><span>${escapeHtml(
          user.displayName,
        )}</span></label>`,
    )
    .join('');
  return page(
    `LINE Login · ${input.channel.name}`,
    `<header>LINE<small>本機 LINE 模擬器 · LINE Login</small></header>
<form method="post" action="/oauth2/v2.1/authorize">
${hidden}
<section>
  <h1>${escapeHtml(input.channel.name)}</h1>
  <p>此服務要求取得以下權限：</p>
  <ul class="perm">
    ${scopes.includes('profile') ? '<li>主要個人資料（必要）</li>' : ''}
    ${scopes.includes('openid') ? '<li>您的內部識別碼（必要）</li>' : ''}
    ${scopes.includes('email') ? '<li>電子郵件帳號</li>' : ''}
  </ul>
  ${input.problem ? `<p class="problem" role="alert">${escapeHtml(input.problem)}</p>` : ''}
  <fieldset>
    <legend>以哪位 LINE 使用者登入？</legend>
    ${users || '<p class="note">模擬器裡還沒有使用者，請在下方輸入名稱建立一位。</p>'}
  </fieldset>
  <label class="new">或建立新的 LINE 使用者（輸入名稱）<input name="newUserName" maxlength="20" autocomplete="off"></label>
  <p class="note">這是本機模擬器，不會連到真正的 LINE。</p>
</section>
<div class="actions">
  <button class="allow" type="submit" name="decision" value="allow">許可</button>
  <button class="deny" type="submit" name="decision" value="deny">取消</button>
</div>
</form>`,
  );
}

export function renderLoginErrorPage(message: string): string {
  return page(
    'LINE Login error',
    `<header>LINE<small>本機 LINE 模擬器 · LINE Login</small></header>
<section><h1>無法登入</h1><p class="problem" role="alert">${escapeHtml(message)}</p></section>`,
  );
}
