// Running the system tools the lab is made of (ip, bird, birdc, git), with errors that say
// which command failed and what it printed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** Runs a command and returns its stdout; rejects with the command line and its stderr. */
export async function run(cmd: string, args: readonly string[], timeoutMs = 20_000): Promise<string> {
  try {
    const { stdout } = await execFileP(cmd, [...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}

/** `ip -n NS ...`. */
export function ipIn(ns: string, ...args: string[]): Promise<string> {
  return run('ip', ['-n', ns, ...args]);
}

/** Runs a command inside a namespace. */
export function execIn(ns: string, cmd: string, args: readonly string[], timeoutMs?: number): Promise<string> {
  return run('ip', ['netns', 'exec', ns, cmd, ...args], timeoutMs);
}

/** Whether a program is on PATH. */
export async function hasProgram(name: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${name}`]).then(() => true, () => false);
}

/** Sleeps. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
