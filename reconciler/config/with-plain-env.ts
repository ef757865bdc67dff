// A workaround for a cost inside the `yaml` library (2.x): its parser reads
// `process.env.LOG_TOKENS` once per token (parse/parser.js) and its composer `LOG_STREAM` once
// per document. process.env is a host object whose every read goes through C++ (~0.5–1.4 µs
// here), which measured ~20% of parsing a 1,000-file config tree (77k tokens).

/**
 * Runs `fn` with process.env replaced by a plain copy, restored before returning.
 * Safe because `fn` is synchronous: no other code can run while the copy is in place, the copy
 * holds the same values, and nothing in a parse writes to the environment. Copying costs tens of
 * microseconds, so wrap a whole batch of parses, not each one.
 */
export function withPlainEnv<T>(fn: () => T): T {
  const env = process.env;
  process.env = { ...env };
  try {
    return fn();
  } finally {
    process.env = env;
  }
}
