import { describe, expect, it } from 'vitest';
import type { ConfigSource, SourceRead } from './config-source.js';
import { SerialSource } from './serial-source.js';

/** A source whose reads answer in the order the test releases them, each naming its revision. */
function gatedSource(): { source: ConfigSource; waiting: () => number; release: (revision: string) => void; concurrent: () => number } {
  const waiting: Array<(r: SourceRead) => void> = [];
  let inFlight = 0;
  let most = 0;
  return {
    source: {
      describe: 'test',
      read: () =>
        new Promise<SourceRead>((resolve) => {
          inFlight++;
          most = Math.max(most, inFlight);
          waiting.push((r) => {
            inFlight--;
            resolve(r);
          });
        }),
    },
    waiting: () => waiting.length,
    release: (revision) => waiting.shift()?.({ ok: false, reason: 'unreachable', message: 'test', revision }),
    concurrent: () => most,
  };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('SerialSource', () => {
  it('hands the read made ahead to take(), once', async () => {
    const g = gatedSource();
    const s = new SerialSource(g.source);
    const ahead = s.readAhead();
    await tick();
    g.release('r1');
    await ahead;
    expect(s.take()?.revision).toBe('r1');
    expect(s.take()).toBeNull();
  });

  it('runs one read at a time, in the order asked', async () => {
    const g = gatedSource();
    const s = new SerialSource(g.source);
    const a = s.readAhead();
    const b = s.read();
    await tick();
    expect(g.waiting()).toBe(1);
    g.release('r1');
    await a;
    await tick();
    expect(g.waiting()).toBe(1);
    g.release('r2');
    expect((await b).revision).toBe('r2');
    expect(g.concurrent()).toBe(1);
  });

  it('drops a read made ahead once a later read() has answered: it is older', async () => {
    const g = gatedSource();
    const s = new SerialSource(g.source);
    const a = s.readAhead();
    const b = s.read();
    await tick();
    g.release('old');
    await a;
    await tick();
    g.release('new');
    await b;
    expect(s.take()).toBeNull();
  });

  it('keeps a read made ahead that answered after a read()', async () => {
    const g = gatedSource();
    const s = new SerialSource(g.source);
    const b = s.read();
    const a = s.readAhead();
    await tick();
    g.release('r1');
    await b;
    await tick();
    g.release('r2');
    await a;
    expect(s.take()?.revision).toBe('r2');
  });

  it('goes on after a read that throws', async () => {
    let calls = 0;
    const s = new SerialSource({
      describe: 'test',
      read: () => (++calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve({ ok: false, reason: 'unreachable', message: 'x', revision: 'r2' })),
    });
    await expect(s.read()).rejects.toThrow('boom');
    expect((await s.read()).revision).toBe('r2');
  });

  it('has no readAt for a source without history', () => {
    expect(new SerialSource({ describe: 'dir', read: () => Promise.reject(new Error('unused')) }).readAt('x')).toBeNull();
  });
});
