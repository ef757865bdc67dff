// The JSON plan: valid against schemas/plan.schema.json, keys sorted, byte-deterministic.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { renderPlanJson, renderPlanJsonChunks } from './render-plan-json.js';
import { busyPlan, examplePlan } from './render-plan-fixtures.js';
import { plan } from '../planner/plan.js';
import { desired, group, observed, pool, service } from '../planner/test-builders.js';

const schema = JSON.parse(readFileSync('schemas/plan.schema.json', 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function expectValid(text: string): void {
  const ok = validate(JSON.parse(text));
  expect(validate.errors ?? [], 'schema errors').toEqual([]);
  expect(ok).toBe(true);
}

describe('renderPlanJson', () => {
  it.each(['basic', 'dual-stack'])('the plan of examples/%s validates against plan.schema.json', async (name) => {
    const p = await examplePlan(name);
    expect(p.summary.add + p.summary.change).toBeGreaterThan(0);
    expectValid(renderPlanJson(p));
  });

  it('a plan with every kind of change, drift and warnings validates', () => {
    const p = busyPlan();
    expect(p.changes.some((c) => c.drift)).toBe(true);
    expect(p.changes.some((c) => c.disruptive)).toBe(true);
    expect(p.warnings.length).toBeGreaterThan(0);
    expectValid(renderPlanJson(p));
  });

  it('an empty plan validates', () => expectValid(renderPlanJson(plan(desired([]), observed()))));

  it('a plan that breaks the contract does not validate (the schema really checks)', () => {
    const p = JSON.parse(renderPlanJson(busyPlan())) as { changes: Array<{ action: string }> };
    p.changes[0]!.action = 'replace';
    expect(validate(p)).toBe(false);
  });

  it('keys are sorted at every level and the output ends with a newline', () => {
    const text = renderPlanJson(busyPlan());
    expect(text.endsWith('}\n')).toBe(true);
    const check = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(check);
      else if (v && typeof v === 'object') {
        const keys = Object.keys(v);
        expect(keys).toEqual([...keys].sort());
        Object.values(v).forEach(check);
      }
    };
    check(JSON.parse(text));
  });

  it('the same input gives the same bytes', () => {
    expect(renderPlanJson(busyPlan())).toBe(renderPlanJson(busyPlan()));
  });
});

describe('renderPlanJsonChunks', () => {
  it('is byte for byte JSON.stringify of the plan (whose keys are built sorted)', () => {
    const p = busyPlan();
    expect(renderPlanJson(p)).toBe(`${JSON.stringify(p)}\n`);
    const big = plan(desired([group('g', 'remote', [pool('10.0.0.0/20', '10.0.0.0/20', 32)])]), observed({ services: Array.from({ length: 700 }, (_, i) => service(`ns/s${i}`, { annotations: { 'gitlb.io/service-group': 'g' } })) }));
    expect([...renderPlanJsonChunks(big)].length).toBeGreaterThan(3);
    expect(renderPlanJson(big)).toBe(`${JSON.stringify(big)}\n`);
  });

  it('batches small changes and keeps large ones apart, with the same bytes as JSON.stringify', () => {
    const base = busyPlan();
    const template = base.changes[0]!;
    // As in a plan: many small Service changes, a few large node specs, then small shards.
    const kinds: Array<[string, number, number]> = [['Service/ns/s', 300, 10], ['NodeAnnouncement//n', 3, 100_000], ['SharedAnnouncement//b', 300, 10]];
    const changes = kinds.flatMap(([target, count, size]) =>
      Array.from({ length: count }, (_, i) => ({ ...template, reason: 'x'.repeat(size), target: `${target}${i}` })));
    const p = { ...base, changes };
    const chunks = [...renderPlanJsonChunks(p)];
    expect(chunks.join('')).toBe(`${JSON.stringify(p)}\n`);
    // No chunk holds two of the large changes (each would be its own string in V8's large-object space).
    for (const c of chunks) expect(c.length).toBeLessThan(2 * 100_000);
    // Small changes go many to a chunk.
    expect(chunks.length).toBeLessThan(changes.length / 4);
  });
});
