/**
 * The time the board's countdowns count from: one ticker for every card, once a second while
 * the page is open (the accept-by countdown shows seconds).
 */
export class Clock {
  now = $state(Date.now());

  /** Starts ticking; returns the function that stops it. Browser only. */
  start(): () => void {
    this.now = Date.now();
    const timer = setInterval(() => (this.now = Date.now()), 1_000);
    return () => clearInterval(timer);
  }
}
