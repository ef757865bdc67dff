// Network namespaces for tests: every name starts with `gltest-` plus a per-run suffix so
// parallel runs never collide, and a lab deletes everything it made (namespaces, and with
// them their veths and processes' sockets) in cleanup().
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs a command and returns its stdout; rejects with stderr in the message. */
export async function sh(cmd: string, args: string[], timeoutMs = 15_000): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}

/** A set of namespaces (and host-side veth ends) owned by one test file. */
export class NetnsLab {
  /** Short random suffix shared by everything this lab creates. */
  readonly id = `${process.pid.toString(36)}${randomBytes(2).toString('hex')}`;
  private readonly namespaces: string[] = [];

  /** Creates namespace `gltest-<tag>-<id>` with lo up and returns its name. */
  async add(tag: string): Promise<string> {
    const name = `gltest-${tag}-${this.id}`;
    await sh('ip', ['netns', 'add', name]);
    this.namespaces.push(name);
    await sh('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    return name;
  }

  /** `ip -n NS args...`. */
  ip(ns: string, ...args: string[]): Promise<string> {
    return sh('ip', ['-n', ns, ...args]);
  }

  /** Runs a command inside a namespace. */
  exec(ns: string, cmd: string, args: string[], timeoutMs?: number): Promise<string> {
    return sh('ip', ['netns', 'exec', ns, cmd, ...args], timeoutMs);
  }

  /** A bridge namespace acting as the switch, and each given namespace's eth0 plugged into it. */
  async switchWith(sw: string, members: { ns: string; addrs: string[] }[]): Promise<void> {
    await this.ip(sw, 'link', 'add', 'br0', 'type', 'bridge');
    await this.ip(sw, 'link', 'set', 'br0', 'up');
    let i = 0;
    for (const m of members) {
      const hostEnd = `gl${this.id}${i++}`.slice(0, 15);
      await sh('ip', ['link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', m.ns]);
      await sh('ip', ['link', 'set', hostEnd, 'netns', sw]);
      await this.ip(sw, 'link', 'set', hostEnd, 'master', 'br0', 'up');
      for (const a of m.addrs) await this.ip(m.ns, 'addr', 'add', a, 'dev', 'eth0', ...(a.includes(':') ? ['nodad'] : []));
      await this.ip(m.ns, 'link', 'set', 'eth0', 'up');
    }
  }

  /** Addresses on one interface as `addr/prefix` strings (link-local IPv6 left out), sorted. */
  async addresses(ns: string, dev: string): Promise<string[]> {
    const out = JSON.parse(await this.ip(ns, '-j', 'addr', 'show', 'dev', dev)) as { addr_info?: { local: string; prefixlen: number; scope: string }[] }[];
    return (out[0]?.addr_info ?? []).filter((a) => a.scope !== 'link').map((a) => `${a.local}/${a.prefixlen}`).sort();
  }

  /** Deletes every namespace this lab made; safe to call twice. */
  async cleanup(): Promise<void> {
    for (const ns of this.namespaces.splice(0)) {
      await sh('ip', ['netns', 'pids', ns]).then((pids) => {
        for (const pid of pids.split(/\s+/).filter(Boolean)) {
          try { process.kill(Number(pid), 'SIGKILL'); } catch { /* already gone */ }
        }
      }, () => undefined);
      await sh('ip', ['netns', 'del', ns]).catch(() => undefined);
    }
  }
}

/** Polls `probe` every `intervalMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
