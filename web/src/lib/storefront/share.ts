import { initLiff } from './liff.ts';

export type ShareOutcome = 'shared' | 'copied' | 'cancelled' | 'failed';

/**
 * 「分享商品」: in LINE, LINE's own picker (shareTargetPicker) sends it to friends and groups;
 * elsewhere the phone's share sheet; failing both, the link is copied. OpenChat takes the
 * permanent link pasted as text.
 */
export async function shareLink(liffId: string | null, text: string, link: string): Promise<ShareOutcome> {
  if (liffId) {
    try {
      const liff = await initLiff(liffId);
      if (liff.isInClient() && liff.isApiAvailable('shareTargetPicker')) {
        const result = await liff.shareTargetPicker([{ type: 'text', text }]);
        return result ? 'shared' : 'cancelled';
      }
    } catch {
      // LINE unreachable: the browser's own ways below.
    }
  }
  const nav = globalThis.navigator;
  if (typeof nav.share === 'function') {
    try {
      await nav.share({ text, url: link });
      return 'shared';
    } catch {
      return 'cancelled';
    }
  }
  try {
    await nav.clipboard.writeText(text);
    return 'copied';
  } catch {
    return 'failed';
  }
}
