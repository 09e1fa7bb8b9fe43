import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** `<id@host>`: the same message sent again carries the same ID, so a retry is recognisable. */
  messageId?: string;
}

/** Sends e-mail through an SMTP server. Rejects when the server does not take the message. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export class MailNotConfiguredError extends Error {
  readonly code = 'ENOTCONFIGURED';
  constructor() {
    super('No SMTP server is configured (SMTP_URL)');
    this.name = 'MailNotConfiguredError';
  }
}

/** A shop's own SMTP server (訂單通知設定). */
export interface SmtpServer {
  host: string;
  port: number;
  /** TLS from the start (465); otherwise STARTTLS when offered. */
  secure: boolean;
  user: string;
  password: string;
  from: string;
}

// A wrong host should fail within seconds on a page waiting for 「傳送測試」, not in minutes.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * A mailer for `smtpUrl` (smtp://host:port, smtps://user:password@host:465, as nodemailer
 * reads it), or, without one, a mailer that refuses every message: e-mail is optional until a
 * feature that needs it is used.
 */
export function createMailer(options: { smtpUrl: string | undefined; from: string }): Mailer {
  if (!options.smtpUrl) {
    return {
      async send() {
        throw new MailNotConfiguredError();
      },
    };
  }
  return mailerFor(nodemailer.createTransport(options.smtpUrl), options.from);
}

/** A mailer for a shop's own server. */
export function createSmtpMailer(server: SmtpServer): Mailer {
  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.secure,
    ...(server.user ? { auth: { user: server.user, pass: server.password } } : {}),
    ...TIMEOUTS,
  });
  return mailerFor(transport, server.from);
}

function mailerFor(transport: ReturnType<typeof nodemailer.createTransport>, from: string): Mailer {
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
      });
    },
  };
}
