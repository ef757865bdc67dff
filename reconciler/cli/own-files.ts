// Where gitlb's own files are, whether it runs built (dist/, an esbuild bundle whose chunks sit
// in dist/chunks/) or from the TypeScript sources (tsx, vitest): found from the package root,
// never from the location of the calling file, which a bundle moves.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

/** The package root (holds package.json, examples/ and schemas/). */
export function packageRoot(): string {
  let dir = path.dirname(here);
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${here}`);
    dir = up;
  }
  return dir;
}

/** Whether this code runs from the TypeScript sources rather than the build. */
export function runningFromSource(): boolean {
  return here.endsWith('.ts');
}

/** gitlb's entry point `reconciler/cli/main` or another one: its built file, or its source when
 *  this code runs from source (the caller starts it with the same loader, tsx). */
export function entryPoint(name: string): string {
  return path.join(packageRoot(), runningFromSource() ? `${name}.ts` : path.join('dist', `${name}.js`));
}
