// The PR-check examples (examples/ci/): every gitlb call in them names a real command with
// flags and --format values that command defines (read from the commander definitions, the
// same objects `gitlb <cmd> --help` prints), and the shell steps that decide the outcome run
// for real under bash against a real `gitlb` (the TypeScript entry point through tsx).
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, type Option } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerCommands } from '../../reconciler/cli/commands.js';
import { plan as makePlan } from '../../reconciler/planner/plan.js';
import { basicNodes, desired, group, observed, pool, service } from '../../reconciler/planner/test-builders.js';
import { renderPlanMarkdown } from '../../reconciler/report/render-plan-markdown.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CI = path.join(ROOT, 'examples/ci');
const MARKER = '<!-- gitlb-plan -->';
const LABEL = 'gitlb/allow-disruption';

interface GhStep { name?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> }
interface GhWorkflow { on: Record<string, unknown>; env?: Record<string, string>; jobs: Record<string, { steps: GhStep[] }> }
type GlJob = { script?: string | string[]; before_script?: string | string[]; artifacts?: { reports?: { codequality?: string }; paths?: string[] }; extends?: string };

const load = <T>(file: string): T => parse(readFileSync(path.join(CI, file), 'utf8')) as T;
const github = load<GhWorkflow>('github-actions.yml');
const exportState = load<GhWorkflow>('export-state.yml');
const gitlab = load<Record<string, unknown>>('gitlab-ci.yml');

const asList = (s: string | string[] | undefined): string[] => (s === undefined ? [] : Array.isArray(s) ? s : [s]);
const gitlabJobs = (): Array<[string, GlJob]> =>
  Object.entries(gitlab).filter(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v) && ('script' in v || 'before_script' in v)) as Array<[string, GlJob]>;

/** Every shell script in the three files, labelled by where it is. */
function allScripts(): Array<{ where: string; script: string }> {
  const out: Array<{ where: string; script: string }> = [];
  for (const [file, wf] of [['github-actions.yml', github], ['export-state.yml', exportState]] as const) {
    for (const [job, j] of Object.entries(wf.jobs)) for (const s of j.steps) if (s.run) out.push({ where: `${file} ${job}/${s.name ?? '?'}`, script: s.run });
  }
  for (const [job, j] of gitlabJobs()) for (const s of [...asList(j.before_script), ...asList(j.script)]) out.push({ where: `gitlab-ci.yml ${job}`, script: s });
  return out;
}

/** Shell words of one command, up to a redirection, pipe or list operator. */
function wordsUntilOperator(s: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"';|&><]+)|([;|&><]+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m[4] !== undefined) break;
    words.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  return words;
}

/** `gitlb <command> args...` calls (not `npm install ... gitlb@x`). */
function gitlbCalls(): Array<{ where: string; command: string; args: string[] }> {
  const calls: Array<{ where: string; command: string; args: string[] }> = [];
  for (const { where, script } of allScripts()) {
    for (const m of script.matchAll(/(?:^|[\s;&|(])gitlb\s+([a-z]+)\b([^\n]*)/g)) {
      calls.push({ where, command: m[1] ?? '', args: wordsUntilOperator(m[2] ?? '') });
    }
  }
  return calls;
}

let commands: Map<string, readonly Option[]>;

beforeAll(async () => {
  const program = new Command('gitlb');
  await registerCommands(program, ['node', 'gitlb'], true);
  commands = new Map(program.commands.map((c) => [c.name(), c.options]));
});

describe('gitlb calls in examples/ci', () => {
  it('use real commands, flags they define and --format values they accept', () => {
    const calls = gitlbCalls();
    expect(calls.map((c) => c.command).sort()).toEqual(['plan', 'plan', 'state', 'state', 'validate', 'validate', 'validate', 'validate']);
    for (const { where, command, args } of calls) {
      const options = commands.get(command);
      expect(options, `${where}: gitlb ${command}`).toBeDefined();
      for (let i = 0; i < args.length; i++) {
        const a = args[i] ?? '';
        if (!a.startsWith('--')) continue;
        const opt = options?.find((o) => o.long === a);
        expect(opt, `${where}: gitlb ${command} ${a}`).toBeDefined();
        if (opt?.required || opt?.optional) {
          const value = args[i + 1] ?? '';
          expect(value, `${where}: ${a} needs a value`).not.toMatch(/^--|^$/);
          if (opt.argChoices) expect(opt.argChoices, `${where}: ${a} ${value}`).toContain(value);
          i++;
        }
      }
    }
  });

  it('cover what the check needs: annotations, SARIF, Code Quality, markdown plan with --out and --detailed-exitcode, state export', () => {
    const flat = gitlbCalls().map((c) => `${c.command} ${c.args.join(' ')}`);
    expect(flat).toEqual(expect.arrayContaining([
      'validate $CONFIG_DIR --format github',
      'validate $CONFIG_DIR --format sarif',
      'validate $CONFIG_DIR --format gitlab',
      'plan $CONFIG_DIR --state state/cluster-state.yaml --format markdown --comment-marker $COMMENT_MARKER --out plan.json --detailed-exitcode',
      'plan $CONFIG_DIR --state cluster-state.yaml --format markdown --out plan.json --detailed-exitcode',
      'state --kubeconfig $RUNNER_TEMP/kubeconfig --out cluster-state.yaml',
      'state --kubeconfig $GITLB_KUBECONFIG --out cluster-state.yaml',
    ]));
  });

  it('read .summary.disruptive, a field of the plan JSON schema', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/plan.schema.json'), 'utf8')) as { properties: { summary: { properties: Record<string, unknown>; required?: string[] } } };
    expect(schema.properties.summary.properties).toHaveProperty('disruptive');
    for (const { script } of allScripts()) for (const m of script.matchAll(/jq[^\n]*'(\.summary[.a-z]*)'/g)) expect(['.summary', '.summary.disruptive']).toContain(m[1]);
  });
});

describe('the GitHub workflow', () => {
  const plan = github.jobs.plan?.steps ?? [];

  it('runs on PR label changes too, so adding the label re-runs the gate', () => {
    expect((github.on.pull_request as { types: string[] }).types).toEqual(expect.arrayContaining(['labeled', 'unlabeled', 'synchronize']));
  });

  it('downloads the state artifact of the scheduled workflow under the name that workflow uploads', () => {
    expect(github.env?.STATE_WORKFLOW).toBe('export-state.yml');
    expect(github.env?.STATE_ARTIFACT).toBe(exportState.env?.STATE_ARTIFACT);
    const upload = exportState.jobs.export?.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.with).toMatchObject({ name: '${{ env.STATE_ARTIFACT }}', path: 'cluster-state.yaml' });
    expect(Object.keys(exportState.on)).toEqual(expect.arrayContaining(['schedule', 'workflow_dispatch']));
  });

  it('finds its one comment by the marker gitlb writes first, and updates it, else creates it', () => {
    const script = plan.find((s) => s.uses?.startsWith('actions/github-script'))?.with?.script ?? '';
    expect(github.env?.COMMENT_MARKER).toBe(MARKER);
    expect(plan.find((s) => s.name === 'Plan')?.run).toContain('--comment-marker "$COMMENT_MARKER"');
    expect(script).toContain('const marker = process.env.COMMENT_MARKER;');
    expect(script).toMatch(/c\.body\?\.startsWith\(marker\)/);
    expect(script).toContain('updateComment');
    expect(script).toContain('createComment');
    const gate = plan.find((s) => s.name?.startsWith('Gate'));
    expect(gate?.env?.ALLOW_DISRUPTION).toContain(`'${LABEL}'`);
  });
});

describe('the decision steps, run for real', () => {
  let dir: string;
  let realPlan: { summary: { disruptive: number } };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitlb-ci-'));
    cpSync(path.join(ROOT, 'examples/basic'), path.join(dir, 'config'), { recursive: true });
    // A `gitlb` on PATH that is this checkout's CLI.
    const loader = path.join(ROOT, 'node_modules/tsx/dist/loader.mjs');
    writeFileSync(path.join(dir, 'gitlb'), `#!/bin/sh\nexec "${process.execPath}" --import "file://${loader}" "${path.join(ROOT, 'reconciler/cli/main.ts')}" "$@"\n`);
    chmodSync(path.join(dir, 'gitlb'), 0o755);
  });

  const bash = (script: string, env: Record<string, string>, cwd = dir) =>
    spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, encoding: 'utf8', env: { PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: dir, ...env } });

  describe('the comment script (actions/github-script), run in Node with a fake GitHub API', () => {
    interface Comment { id: number; user: { type: string }; body: string }
    const script = (): string => github.jobs.plan?.steps.find((s) => s.uses?.startsWith('actions/github-script'))?.with?.script ?? '';

    /** Runs the script as github-script does (an async function body with require, github, context). */
    async function post(planMd: string, existing: Comment[]): Promise<{ created: string[]; updated: Array<{ id: number; body: string }> }> {
      writeFileSync(path.join(dir, 'plan.md'), planMd);
      const created: string[] = [];
      const updated: Array<{ id: number; body: string }> = [];
      const listComments = Symbol('listComments');
      const fakeGithub = {
        paginate: async (what: symbol) => (what === listComments ? existing : []),
        rest: { issues: {
          listComments,
          createComment: async (a: { body: string }) => { created.push(a.body); },
          updateComment: async (a: { comment_id: number; body: string }) => { updated.push({ id: a.comment_id, body: a.body }); },
        } },
      };
      const context = { repo: { owner: 'o', repo: 'r' }, serverUrl: 'https://github.com', runId: 7, payload: { pull_request: { number: 3 } } };
      const fsShim = { readFileSync: (f: string, enc: 'utf8') => readFileSync(path.join(dir, f), enc) };
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
      // The workflow's env reaches github-script's process.env.
      const saved = process.env.COMMENT_MARKER;
      process.env.COMMENT_MARKER = github.env?.COMMENT_MARKER;
      try {
        await new AsyncFunction('require', 'github', 'context', script())((m: string) => (m === 'node:fs' ? fsShim : undefined), fakeGithub, context);
      } finally {
        if (saved === undefined) delete process.env.COMMENT_MARKER; else process.env.COMMENT_MARKER = saved;
      }
      return { created, updated };
    }

    it('creates the comment when there is none: the plan as gitlb wrote it, marker first', async () => {
      const r = await post(`${MARKER}\n### gitlb plan\n\n**Plan: 1 to add**\n`, [{ id: 1, user: { type: 'User' }, body: 'lgtm' }]);
      expect(r).toEqual({ created: [`${MARKER}\n### gitlb plan\n\n**Plan: 1 to add**\n`], updated: [] });
    });

    it('puts the marker in front of a plan.md without it (the error report of an unreadable state file)', async () => {
      const r = await post('| where | severity |\n', []);
      expect(r.created).toEqual([`${MARKER}\n| where | severity |\n`]);
    });

    it('updates its own comment, found by the marker, and never a person\'s comment quoting it', async () => {
      const r = await post(`${MARKER}\n### gitlb plan\nnew\n`, [{ id: 1, user: { type: 'User' }, body: `${MARKER}\nquoted` }, { id: 2, user: { type: 'Bot' }, body: `${MARKER}\nold` }]);
      expect(r).toEqual({ created: [], updated: [{ id: 2, body: `${MARKER}\n### gitlb plan\nnew\n` }] });
    });

    it('posts a maximal plan as gitlb cut it: marker included, under GitHub\'s 65,536 characters, no fallback', async () => {
      // What `gitlb plan --format markdown --comment-marker` writes for a plan far over the limit.
      const g = group('default', 'remote', [pool('10.0.0.0/16', '10.0.0.0/16', 32)]);
      const services = Array.from({ length: 3000 }, (_, i) => service(`ns/s${String(i).padStart(4, '0')}`));
      const md = renderPlanMarkdown(makePlan(desired([g]), observed({ nodes: basicNodes(), services })), { marker: MARKER });
      const r = await post(md, []);
      expect(r.created).toEqual([md]);
      expect(md.length).toBeLessThan(65_536);
      expect(md).toContain('**Plan: 27 to add, 3000 to change, 0 to remove (0 disruptive).**');
      expect(md).toMatch(/… \d+ more lines cut to fit a comment/);
    });

    it('says the plan failed instead of posting a blank comment', async () => {
      const r = await post('', []);
      expect(r.created[0]).toBe(`${MARKER}\n### gitlb plan\n\n**gitlb plan failed**: see the [run log](https://github.com/o/r/actions/runs/7).\n`);
    });
  });

  it('try-out mode: with STATE_FILE the fetch steps copy the committed state and ask no API', () => {
    cpSync(path.join(ROOT, 'examples/basic/cluster-state.yaml'), path.join(dir, 'committed-state.yaml'));
    const fetch = github.jobs.plan?.steps.find((s) => s.name?.startsWith('Fetch'))?.run ?? '';
    // No `gh` on PATH: reaching it would fail the step.
    const r = bash(fetch, { STATE_FILE: 'committed-state.yaml', GITHUB_REPOSITORY: 'o/r' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('::warning title=gitlb::planning against the committed committed-state.yaml');
    expect(readFileSync(path.join(dir, 'state/cluster-state.yaml'), 'utf8')).toBe(readFileSync(path.join(dir, 'committed-state.yaml'), 'utf8'));

    const glScript = asList((gitlab['gitlb-plan'] as GlJob).script);
    const r2 = bash(glScript.slice(0, 2).join('\n'), { STATE_FILE: 'committed-state.yaml', CI_JOB_TOKEN: 'x', CI_API_V4_URL: 'http://127.0.0.1:9/api/v4', CI_PROJECT_ID: '1', CI_DEFAULT_BRANCH: 'main' });
    expect(r2.status, r2.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'cluster-state.yaml'), 'utf8')).toContain('kind: NodeAnnouncement');
  });

  it('GitHub Plan step: writes plan.md and plan.json and records exit code 2 for a plan with changes', () => {
    cpSync(path.join(ROOT, 'examples/basic/cluster-state.yaml'), path.join(dir, 'state/cluster-state.yaml'));
    const step = github.jobs.plan?.steps.find((s) => s.name === 'Plan')?.run ?? '';
    writeFileSync(path.join(dir, 'gh-output'), '');
    const r = bash(step, { CONFIG_DIR: 'config', COMMENT_MARKER: github.env?.COMMENT_MARKER ?? '', GITHUB_OUTPUT: path.join(dir, 'gh-output') });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'gh-output'), 'utf8')).toBe('exitcode=2\n');
    expect(readFileSync(path.join(dir, 'plan.md'), 'utf8')).toMatch(new RegExp(`^${MARKER}\n### gitlb plan\n`));
    expect(readFileSync(path.join(dir, 'plan.md'), 'utf8')).toContain('**Plan: 2 to add, 3 to change, 0 to remove (0 disruptive).**');
    realPlan = JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8')) as typeof realPlan;
    expect(realPlan.summary.disruptive).toBe(0);
  });

  const gateCases: Array<{ name: string; exitcode: string; disruptive: number; label: boolean; pass: boolean }> = [
    { name: 'changes, none disruptive', exitcode: '2', disruptive: 0, label: false, pass: true },
    { name: 'no changes', exitcode: '0', disruptive: 0, label: false, pass: true },
    { name: 'plan error', exitcode: '1', disruptive: 0, label: true, pass: false },
    { name: 'disruptive without the label', exitcode: '2', disruptive: 2, label: false, pass: false },
    { name: 'disruptive with the label', exitcode: '2', disruptive: 2, label: true, pass: true },
  ];

  for (const c of gateCases) {
    it(`gates (${c.name}) the same way on GitHub and GitLab`, () => {
      // The real plan.json from the step above, with the disruptive count set for the case
      // (making a real disruptive plan needs a state holding allocations; the gate reads only this field).
      writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({ ...realPlan, summary: { ...realPlan.summary, disruptive: c.disruptive } }));
      const gh = github.jobs.plan?.steps.find((s) => s.name?.startsWith('Gate'))?.run ?? '';
      const r1 = bash(gh, { PLAN_EXITCODE: c.exitcode, ALLOW_DISRUPTION: String(c.label) });
      expect(r1.status === 0, `github: ${r1.stdout}${r1.stderr}`).toBe(c.pass);
      if (!c.pass) expect(r1.stdout).toMatch(/^::error title=gitlb plan::/m);

      const glScript = asList((gitlab['gitlb-plan'] as GlJob).script);
      const glGate = glScript[glScript.length - 1] ?? '';
      const r2 = bash(glGate, { PLAN_EXITCODE: c.exitcode, CI_MERGE_REQUEST_LABELS: c.label ? `network,${LABEL}` : 'network' });
      expect(r2.status === 0, `gitlab: ${r2.stdout}${r2.stderr}`).toBe(c.pass);
    });
  }

  it('a label that only contains the name does not allow disruption on GitLab', () => {
    writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({ ...realPlan, summary: { ...realPlan.summary, disruptive: 1 } }));
    const glScript = asList((gitlab['gitlb-plan'] as GlJob).script);
    const r = bash(glScript[glScript.length - 1] ?? '', { PLAN_EXITCODE: '2', CI_MERGE_REQUEST_LABELS: `${LABEL}-not` });
    expect(r.status).toBe(1);
  });

  it('GitLab validate job: writes a Code Quality report and fails on an invalid config', () => {
    const job = gitlab['gitlb-validate'] as GlJob;
    expect(job.artifacts?.reports?.codequality).toBe('gl-code-quality-report.json');
    cpSync(path.join(ROOT, 'test/fixtures/invalid/unknown-field.yaml'), path.join(dir, 'bad/unknown-field.yaml'));
    const r = bash(asList(job.script).join('\n'), { CONFIG_DIR: 'bad' });
    expect(r.status).toBe(1);
    const report = JSON.parse(readFileSync(path.join(dir, 'gl-code-quality-report.json'), 'utf8')) as Array<{ description: string; location: { path: string } }>;
    expect(report.length).toBeGreaterThan(0);
    expect(report[0]?.location.path).toBe('bad/unknown-field.yaml');
    // The valid example passes the same job.
    expect(bash(asList(job.script).join('\n'), { CONFIG_DIR: 'config' }).status).toBe(0);
  });
});
