/**
 * A short two-note chime made with Web Audio (no sound file to load). Browsers keep audio
 * silent until the person has touched the page, so `unlockChime` must run inside a click
 * (the 🔔 toggle, 「傳送測試」); `playChime` is silent until then.
 */

let context: AudioContext | null = null;

export function unlockChime(): boolean {
  if (typeof AudioContext === 'undefined') return false;
  context ??= new AudioContext();
  void context.resume();
  return true;
}

export function playChime(): boolean {
  if (!context || context.state === 'closed') return false;
  const start = context.currentTime + 0.01;
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
