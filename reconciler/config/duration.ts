// Go-style durations ('500ms', '1m30s'), the form PureLB and Kubernetes users already write.

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;

/** Parses a Go duration ('0', '300ms', '1m30s') into milliseconds; null when it is not one. */
export function parseDuration(text: string): number | null {
  if (text === '0') return 0;
  if (!WHOLE.test(text)) return null;
  let ms = 0;
  for (const m of text.matchAll(PART)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
  // Rounded to microseconds so '0.1s' is exactly 100, not 100.00000000000001.
  return Math.round(ms * 1000) / 1000;
}
