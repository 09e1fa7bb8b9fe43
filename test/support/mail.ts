import { inject } from 'vitest';
import { waitFor } from './stack.ts';

export interface ReceivedMail {
  subject: string;
  text: string;
  to: string[];
  from: string;
  /** Without the angle brackets, as mailpit shows it. */
  messageId: string;
}

interface MailpitSummary {
  ID: string;
  Subject: string;
  To: { Address: string }[];
}

/** Every e-mail the run's SMTP server (mailpit) took for `address`, oldest first. */
export async function mailsTo(address: string): Promise<ReceivedMail[]> {
  const base = inject('mailpitUrl');
  const search = await fetch(`${base}/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}&limit=50`);
  if (!search.ok) throw new Error(`mailpit search answered ${search.status}`);
  const { messages } = (await search.json()) as { messages: MailpitSummary[] };
  const found: ReceivedMail[] = [];
  for (const summary of messages.reverse()) {
    const message = (await (await fetch(`${base}/api/v1/message/${summary.ID}`)).json()) as {
      Text: string;
      From: { Address: string };
      MessageID: string;
    };
    found.push({
      subject: summary.Subject,
      text: message.Text,
      to: summary.To.map((t) => t.Address),
      from: message.From.Address,
      messageId: message.MessageID,
    });
  }
  return found;
}

/** Waits until `count` e-mails reached `address`; resolves with them. */
export function mailsFor(address: string, count = 1): Promise<ReceivedMail[]> {
  return waitFor(`${count} e-mail(s) to ${address}`, async () => {
    const mails = await mailsTo(address);
    return mails.length >= count ? mails : undefined;
  });
}

/** The first https?:// link in a mail's text. */
export function linkIn(mail: ReceivedMail): string {
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no link in the e-mail "${mail.subject}"`);
  return link;
}
