/**
 * Timers that die with the node: every deadline a module arms is cleared on close, and work already
 * under way (a result being stored and POSTed) is awaited, so a stopped node leaves nothing running
 * and nothing touches its closed database.
 */
export class Timers {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  /** Runs `task` at `at` (or now, when `at` is past); re-arming the same key replaces the timer. */
  at(key: string, at: Date, task: () => Promise<void>, onError: (error: unknown) => void): void {
    if (this.closed) return;
    this.cancel(key);
    // setTimeout fires at once for large values (> 2^31-1 ms); deadlines that far out are capped.
    const delay = Math.min(Math.max(0, at.getTime() - Date.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.pending.delete(key);
      this.track(task()).catch(onError);
    }, delay);
    this.pending.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.pending.get(key);
    if (timer) clearTimeout(timer);
    this.pending.delete(key);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Work that close() waits for; it must end on its own (bounded by request timeouts). */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    await Promise.allSettled([...this.running]);
  }
}
