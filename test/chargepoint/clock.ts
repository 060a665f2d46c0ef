/**
 * A clock the tests move by hand for the in-process chargers' simulation: meter values come when
 * the test advances time, so nothing waits and nothing depends on how fast the machine is.
 */
import type { SimulationClock } from '../../src/chargepoint/in-process.js';

interface Timer {
  ms: number;
  next: number;
  tick: () => void;
}

export class ManualClock implements SimulationClock {
  private readonly timers = new Set<Timer>();

  constructor(private time: number) {}

  now(): Date {
    return new Date(this.time);
  }

  every(ms: number, tick: () => void): () => void {
    const timer = { ms, next: this.time + ms, tick };
    this.timers.add(timer);
    return () => void this.timers.delete(timer);
  }

  /** Moves time on by `ms`, running every tick that falls due on the way, in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers].filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.time = due.next;
      due.next += due.ms;
      due.tick();
    }
    this.time = end;
  }
}
