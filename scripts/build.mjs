// Builds the gitlb binary: dist/reconciler/cli/main.js and the chunks it loads, bundled by esbuild
// straight from the TypeScript sources (type checking is `npm run typecheck`, a separate step).
//
// Why a bundle: Node resolves, reads and links every ES module file one by one, and `gitlb plan`
// alone pulled in about 300 files (yaml, commander, ajv's runtime, our own modules), about 200 ms
// of every run before any work. One file per command loads in a fraction of that.
//
// What stays out of the bundle, loaded from node_modules as before: packages with a native addon
// (netlink), with worker-thread files found by path (pino), or big and only used by long-running
// commands, where startup time does not matter (the Kubernetes client, simple-git, prom-client).
// Each command is its own chunk (dynamic imports in cli/commands.ts), so `gitlb plan` never
// loads the agent's or the reconciler's code.
//
// Plain JavaScript on purpose: `prepare` runs this when gitlb is installed from a git URL, before
// anything else of the project is built.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

// package.json's `dependencies` are what the bundle leaves to node_modules; every other package
// it uses (yaml, commander, ajv, ipaddr.js: devDependencies) is inside it, so an install of the
// package does not fetch them. test/ci/bundle.test.ts checks the two lists agree with dist/.
const external = Object.keys(pkg.dependencies);

// Stale files of an earlier build (or of the tsc emit this replaced) must not linger in the package.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: ['reconciler/cli/main.ts'],
  outdir: 'dist',
  outbase: '.',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // Maps name the TypeScript file and line in GITLB_DEBUG stack traces; the sources themselves
  // are not copied into them (they would double the package).
  sourcemap: 'linked',
  sourcesContent: false,
  // Bundled CommonJS packages (commander, ajv) call require() for Node built-ins; an ES module
  // has no require, so give every output file one.
  banner: { js: "import { createRequire as gitlbCreateRequire } from 'node:module';\nconst require = gitlbCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
