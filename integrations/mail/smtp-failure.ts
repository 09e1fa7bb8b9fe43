/**
 * Why an SMTP server did not take a message, in words a merchant can act on (zh-TW), and
 * whether trying again later may help: wrong credentials or addresses stay wrong, a server
 * that cannot be reached may come back.
 */
export interface SmtpFailure {
  reason: string;
  lasting: boolean;
}

export function smtpFailure(error: unknown): SmtpFailure {
  const code = typeof error === 'object' && error !== null ? String((error as { code?: unknown }).code ?? '') : '';
  switch (code) {
    case 'EAUTH':
      return { reason: 'SMTP 帳號或密碼錯誤，伺服器拒絕登入，請確認後再試', lasting: true };
    case 'ENOTCONFIGURED':
      return { reason: '平台尚未設定寄信伺服器，請改用自訂 SMTP 伺服器', lasting: true };
    case 'EENVELOPE':
      return { reason: 'SMTP 伺服器拒收這個寄件人或收件人，請檢查電子郵件地址', lasting: true };
    case 'ETLS':
    case 'EREQUIRETLS':
      return { reason: '和 SMTP 伺服器建立加密連線失敗，請確認 SSL/TLS 和連接埠設定', lasting: true };
    case 'EDNS':
      return { reason: '找不到這個 SMTP 主機，請檢查主機名稱', lasting: true };
    case 'ETIMEDOUT':
      return { reason: 'SMTP 伺服器沒有回應，請檢查主機和連接埠', lasting: false };
    default:
      return { reason: '連不上 SMTP 伺服器，請檢查主機和連接埠', lasting: false };
  }
}
