// lab.json in the lab directory: what `lab up` made, for `lab status` and the tests. `lab down`
// does not need it (it finds the lab by its namespace prefix).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LabProcess } from './processes.js';
import type { LabTopology } from './topology.js';

/** The record of a lab. */
export interface LabRecord {
  topology: LabTopology;
  processes: LabProcess[];
  seedRevision: string;
  routerSocket: string;
  startedAt: string;
}

/** The record's path. */
export function recordPath(dir: string): string {
  return path.join(dir, 'lab.json');
}

/** Writes the record. */
export async function writeRecord(r: LabRecord): Promise<void> {
  await writeFile(recordPath(r.topology.dir), `${JSON.stringify(r, null, 2)}\n`);
}

/** Reads the record; undefined when there is none. */
export async function readRecord(dir: string): Promise<LabRecord | undefined> {
  try {
    return JSON.parse(await readFile(recordPath(dir), 'utf8')) as LabRecord;
  } catch {
    return undefined;
  }
}
