// The plan for machines: its JSON form (schemas/plan.schema.json) on one line with keys sorted
// at every level, so the same plan is the same bytes (pipe through `jq .` to read it).
// The planner builds every object with its keys already in sorted order (and sorts the specs it
// copies from the cluster), so this is JSON.stringify as is, with no sorted copy of the plan in
// memory; a test walks the output and checks the order. A 100k-Service plan is ~80 MB of JSON,
// so the CLI writes it in chunks (renderPlanJsonChunks) rather than as one string.
import type { Plan } from '../planner/plan.js';

/** Renders the plan as byte-deterministic JSON, ending with a newline. */
export function renderPlanJson(plan: Plan): string {
  return [...renderPlanJsonChunks(plan)].join('');
}

/** The same bytes as renderPlanJson, as a sequence of chunks (one per change, node, Service...). */
export function* renderPlanJsonChunks(plan: Plan): Generator<string> {
  // Top-level keys in sorted order, each large list element by element.
  yield '{"changes":';
  yield* list(plan.changes);
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

/** A JSON array, in chunks of about CHUNK_CHARS (an element is never split, so one large element is one chunk). */
function* list(xs: readonly unknown[]): Generator<string> {
  if (xs.length === 0) {
    yield '[]';
    return;
  }
  let chunk = '[';
  for (let i = 0; i < xs.length; i++) {
    if (i > 0) chunk += ',';
    chunk += JSON.stringify(xs[i]);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]`;
}
