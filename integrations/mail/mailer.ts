import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail through an SMTP server. Rejects when the server does not take the message. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export class MailNotConfiguredError extends Error {
  constructor() {
    super('No SMTP server is configured (SMTP_URL)');
    this.name = 'MailNotConfiguredError';
  }
}

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
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
