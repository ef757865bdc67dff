// Fault injection for tests: make the next N requests slow or fail with a given status code,
// optionally only those a predicate picks (say, only watches, or only writes). Programmatic
// only: tests call it on the Emulator object; there is no HTTP switch for it.
import { ApiError, type StatusReason } from './api-error.js';

/** Which requests a fault applies to. */
export type RequestMatcher = (req: { method: string; path: string; watch: boolean }) => boolean;

interface Fault {
  remaining: number;
  match: RequestMatcher;
  delayMs: number;
  fail?: { code: number; reason: StatusReason; message: string };
}

/** What to do to one request. */
export interface FaultAction {
  delayMs: number;
  error?: ApiError;
}

/** The queue of armed faults; each request consumes at most one. */
export class Faults {
  private faults: Fault[] = [];

  /** Fails the next `n` matching requests with `code` (500 InternalError, 503 ServiceUnavailable, 429, ...). */
  failNext(n: number, code = 503, match: RequestMatcher = () => true): void {
    const reason: StatusReason = code === 503 ? 'ServiceUnavailable' : code === 504 ? 'Timeout' : 'InternalError';
    this.faults.push({ remaining: n, match, delayMs: 0, fail: { code, reason, message: `injected fault: ${code}` } });
  }

  /** Delays the next `n` matching requests by `ms` before they are served. */
  delayNext(n: number, ms: number, match: RequestMatcher = () => true): void {
    this.faults.push({ remaining: n, match, delayMs: ms });
  }

  /** Forgets every armed fault. */
  clear(): void {
    this.faults = [];
  }

  /** Consumes the first armed fault matching this request, if any. */
  take(req: { method: string; path: string; watch: boolean }): FaultAction | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && x.match(req));
    if (!f) return undefined;
    f.remaining -= 1;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return {
      delayMs: f.delayMs,
      error: f.fail ? new ApiError(f.fail.code, f.fail.reason, f.fail.message) : undefined,
    };
  }
}
