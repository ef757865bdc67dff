// The controller's one way to its config source. Reads happen one at a time (a git source's
// fetch, reset and worktree commands all work in one clone), and a poll reads *ahead*: outside
// the single-flight run, so that a run that new Services wait for does not wait behind a git
// fetch (in the lab a fetch took 100-200 ms, and with a 1 s poll one Service in ten waited for
// one). The run the poll then asks for takes the read it left.
import type { ConfigSource, RevisionRead, SourceRead } from './config-source.js';

export class SerialSource {
  private queue: Promise<unknown> = Promise.resolve();
  private ahead: SourceRead | null = null;

  constructor(private readonly source: ConfigSource) {}

  /** Reads now (after any read in progress). A read made ahead before this one is older: dropped. */
  read(): Promise<SourceRead> {
    return this.serial(async () => {
      const r = await this.source.read();
      this.ahead = null;
      return r;
    });
  }

  /** Reads now and keeps the result for take(). */
  async readAhead(): Promise<void> {
    await this.serial(async () => {
      this.ahead = await this.source.read();
    });
  }

  /** The read made ahead, once; null when there is none or a later read() superseded it. */
  take(): SourceRead | null {
    const r = this.ahead;
    this.ahead = null;
    return r;
  }

  /** An earlier revision, when the source has history. */
  readAt(revision: string): Promise<RevisionRead> | null {
    const readAt = this.source.readAt?.bind(this.source);
    return readAt ? this.serial(() => readAt(revision)) : null;
  }

  /** Waits for the reads in progress, then closes the source. */
  async close(): Promise<void> {
    await this.serial(async () => {
      await this.source.close?.();
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn);
    // A failed read must not stop the ones after it.
    this.queue = p.catch(() => undefined);
    return p;
  }
}
