// Lint: typescript-eslint's recommended rules, plus the one architectural rule of DESIGN.md:
// the pure core (config model, planner) never imports an edge (git, Kubernetes, netlink, BIRD, fs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const edges = ['node:fs', 'node:fs/promises', 'node:child_process', 'node:net', 'node:http',
  'simple-git', '@kubernetes/client-node', 'netlink'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reconciler/**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['reconciler/planner/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: edges.map((name) => ({ name, message: 'the planner is pure: no I/O (DESIGN.md §1)' })),
        patterns: [{ group: ['../kube/*', '../netlink/*', '../agent/*', '../apply/*', '../controller/*', '../emulator/*'], message: 'the planner is pure: it never imports an edge' }],
      }],
    },
  },
);
