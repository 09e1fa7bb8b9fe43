/**
 * A short two-note chime made with Web Audio (no sound file to load). Browsers keep audio
 * silent until the person has touched the page, so `unlockChime` must run inside a click
 * (the bell toggle, 「傳送測試」); `playChime` is silent until then.
 */

let context: AudioContext | null = null;
/** When (in the context's clock) the last chime scheduled ends. */
let chimesEndAt = 0;
/** A chime's length, its two notes with their fade. */
const CHIME_SECONDS = 0.5;

/**
 * When a chime asked for at `now` starts, or null when it adds nothing: a live sale's hundred
 * orders in a second ring chimes back to back while they keep coming, not a hundred at once
 * (their sum is a loud, clipped noise). One chime may wait for the one playing; more are
 * folded into it.
 */
export function nextChimeStart(now: number, endAt: number): number | null {
  if (endAt - now > CHIME_SECONDS + 0.02) return null;
  return Math.max(now + 0.01, endAt);
}

export function unlockChime(): boolean {
  if (typeof AudioContext === 'undefined') return false;
  context ??= new AudioContext();
  void context.resume();
  return true;
}

export function playChime(): boolean {
  if (!context || context.state === 'closed') return false;
  const start = nextChimeStart(context.currentTime, chimesEndAt);
  if (start === null) return false;
  chimesEndAt = start + CHIME_SECONDS;
  // E6 then A6: bright enough to hear over a kitchen, short enough not to annoy.
  [1318.5, 1760].forEach((frequency, i) => {
    const at = start + i * 0.16;
    const tone = context!.createOscillator();
    const gain = context!.createGain();
    tone.type = 'sine';
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
    tone.connect(gain).connect(context!.destination);
    tone.start(at);
    tone.stop(at + 0.32);
  });
  return true;
}
