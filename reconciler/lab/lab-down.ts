// `gitlb lab down`: stops every process in the lab's namespaces and deletes the namespaces
// (their links go with them), found by name prefix, so it also cleans up after a crashed `up`
// or a lost lab directory. Idempotent: a lab that is not there is "down" already.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { deleteNamespaces, listNamespaces } from './network.js';
import { stopNamespaces } from './processes.js';
import { labPrefix } from './topology.js';

/** The file that marks a directory as a lab's: `down` deletes no directory without it. */
export const LAB_DIR_MARKER = '.gitlb-lab';

/** What `lab down` is asked for. */
export interface LabDownOptions {
  name: string;
  dir: string;
  /** Keep the lab directory (its logs), e.g. after a failed `up`. */
  keepDir?: boolean;
  progress: (line: string) => void;
}

/** What `lab down` removed. */
export interface LabDownResult {
  namespaces: string[];
  dirRemoved: boolean;
}

/** Takes the lab down. */
export async function labDown(opts: LabDownOptions): Promise<LabDownResult> {
  const namespaces = await listNamespaces(labPrefix(opts.name));
  if (namespaces.length > 0) {
    opts.progress(`stopping the processes in ${namespaces.length} namespaces`);
    await stopNamespaces(namespaces, 3000);
    opts.progress(`deleting ${namespaces.join(', ')}`);
    await deleteNamespaces(namespaces);
    const left = await listNamespaces(labPrefix(opts.name));
    if (left.length > 0) throw new Error(`could not delete ${left.join(', ')} (ip netns del failed; see ip netns pids <name>)`);
  }
  let dirRemoved = false;
  if (!opts.keepDir && existsSync(path.join(opts.dir, LAB_DIR_MARKER))) {
    await rm(opts.dir, { recursive: true, force: true });
    dirRemoved = true;
  }
  return { namespaces, dirRemoved };
}
