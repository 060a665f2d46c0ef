/**
 * One abort signal per request that fires on the timeout or on the caller's signal, and remembers
 * which. A plain timer that is cleared when the request ends (rather than AbortSignal.timeout /
 * AbortSignal.any) leaves nothing behind on the push hot path, and no listener on a long-lived
 * caller signal (such as a shutdown signal) outlives the request.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort: (() => void) | undefined;
  stoppedBy: 'timeout' | 'aborted' | undefined;

  constructor(
    timeoutMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.timer = setTimeout(() => this.stop('timeout', new DOMException('request timed out', 'TimeoutError')), timeoutMs);
    if (callerSignal) {
      this.onCallerAbort = () => this.stop('aborted', callerSignal.reason);
      if (callerSignal.aborted) this.onCallerAbort();
      else callerSignal.addEventListener('abort', this.onCallerAbort, { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private stop(by: 'timeout' | 'aborted', reason: unknown): void {
    if (this.stoppedBy !== undefined) return;
    this.stoppedBy = by;
    this.controller.abort(reason);
  }

  /** Call when the request is over, successful or not. */
  release(): void {
    clearTimeout(this.timer);
    if (this.onCallerAbort) this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}
