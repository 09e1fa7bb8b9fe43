/**
 * The e-mails of accepting an invitation with a new e-mail account. The page says the same
 * thing whether or not the address has an account ("check your mailbox"); what happens next
 * is in the mailbox: a link that makes the account, or a note that the address already has one.
 */

/** How long the confirmation link works. */
export const SIGN_UP_CONFIRMATION_HOURS = 24;

export function confirmSignUpMail(m: { shopName: string; displayName: string; link: string }) {
  return {
    subject: `請確認你的電子郵件，加入「${m.shopName}」`,
    text: [
      `${m.displayName} 你好：`,
      '',
      `你正在用這個電子郵件建立加一 Jiayi 帳號，並加入「${m.shopName}」。`,
      `請在 ${SIGN_UP_CONFIRMATION_HOURS} 小時內打開下面的連結完成：`,
      '',
      m.link,
      '',
      '如果不是你本人操作，請忽略這封信，不會有任何帳號被建立。',
    ].join('\n'),
  };
}

export function alreadyHasAccountMail(m: { shopName: string; signInLink: string }) {
  return {
    subject: `你已經有加一 Jiayi 帳號了（加入「${m.shopName}」）`,
    text: [
      '你好：',
      '',
      `有人用這個電子郵件想建立新帳號並加入「${m.shopName}」，但這個信箱已經有帳號了。`,
      '如果是你，請先用原本的帳號登入，再打開同一個邀請連結按「加入」：',
      '',
      m.signInLink,
      '',
      '如果不是你本人操作，請忽略這封信，你的帳號沒有任何改變。',
    ].join('\n'),
  };
}

/** What the page says after either e-mail went out. */
export function checkMailboxMessage(email: string): string {
  return `我們已寄一封信到 ${email}，請打開信中的連結完成加入。沒收到的話，請看看垃圾郵件匣。`;
}
