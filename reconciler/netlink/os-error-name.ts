// errno number → name (EEXIST, ...), as Node knows them.
import { getSystemErrorName } from 'node:util';

/** The errno's name, or its number as text when Node does not know it. */
export function osErrorName(errno: number): string {
  try {
    return getSystemErrorName(-Math.abs(errno));
  } catch {
    return String(errno);
  }
}
