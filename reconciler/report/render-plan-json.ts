// The plan for machines: its JSON form (schemas/plan.schema.json) on one line with keys sorted
// at every level, so the same plan is the same bytes (pipe through `jq .` to read it).
// The planner builds every object with its keys already in sorted order (and sorts the specs it
// copies from the cluster), so this is JSON.stringify as is, with no sorted copy of the plan in
// memory; a test walks the output and checks the order. A 100k-Service plan is ~80 MB of JSON,
// so the CLI writes it in chunks (renderPlanJsonChunks) rather than as one string.
import type { Change, Plan } from '../planner/plan.js';

/** Renders the plan as byte-deterministic JSON, ending with a newline. */
export function renderPlanJson(plan: Plan): string {
  return [...renderPlanJsonChunks(plan)].join('');
}

/** The same bytes as renderPlanJson, as a sequence of chunks of about 16 KB (see list). */
export function* renderPlanJsonChunks(plan: Plan): Generator<string> {
  // Top-level keys in sorted order, each large list a batch of elements at a time.
  yield '{"changes":';
  yield* list(plan.changes, kindOf);
  yield `,"format_version":${JSON.stringify(plan.format_version)},"planned":{"nodes":`;
  yield* list(plan.planned.nodes);
  yield ',"services":';
  yield* list(plan.planned.services);
  yield ',"shared":';
  yield* list(plan.planned.shared);
  yield `},"revision":${JSON.stringify(plan.revision)},"summary":${JSON.stringify(plan.summary)},"warnings":`;
  yield* list(plan.warnings);
  yield '}\n';
}

// Chunks are kept small on purpose: V8 puts any string over ~128 KB straight into its
// large-object space, which only a full mark-compact frees, so big chunks (a batch of 256 node
// changes is megabytes) piled up as garbage and were a good part of a 100k-Service plan's peak RSS.
const CHUNK_CHARS = 16 * 1024;

/** A change's kind (the target up to its first `/`): changes come sorted by kind, and their size
 *  depends on it (a Service change is ~0.5 KB, a node's spec at 100k Services ~300 KB). */
function kindOf(c: Change): string {
  return c.target.slice(0, c.target.indexOf('/'));
}

/** A JSON array, in chunks of about CHUNK_CHARS or more (an element is never split, so one large
 *  element is one chunk). Elements are stringified a batch at a time: a JSON.stringify call per
 *  element was about a quarter of rendering a 10k-Service plan. A batch's size is predicted from
 *  the batch before (at most doubling), so small elements go many to a call and large ones one
 *  to a call; a batch never spans two runs of `runOf` (elements of a run are alike in size), and
 *  each run starts with a batch of one, so no batch sized for small elements takes large ones. */
function* list<T>(xs: readonly T[], runOf?: (x: T) => string): Generator<string> {
  if (xs.length === 0) {
    yield '[]';
    return;
  }
  let chunk = '';
  let perBatch = 1;
  let lastRun: string | undefined;
  for (let i = 0; i < xs.length; ) {
    const run = runOf?.(xs[i]!);
    if (run !== lastRun) perBatch = 1; // a new run starts over with a batch of one
    lastRun = run;
    const limit = Math.min(i + perBatch, xs.length);
    let end = i + 1;
    while (end < limit && runOf?.(xs[end]!) === run) end++;
    // `[a,b,c]` from JSON.stringify: its inside joins the chunk after `[` (first) or `,`.
    const batch = JSON.stringify(xs.slice(i, end));
    chunk += (i === 0 ? '[' : ',') + batch.slice(1, -1);
    perBatch = Math.max(1, Math.min(2 * (end - i), Math.floor((CHUNK_CHARS * (end - i)) / batch.length)));
    i = end;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]`;
}
