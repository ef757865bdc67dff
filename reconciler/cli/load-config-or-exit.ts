// The config step that plan and apply share: an invalid tree prints exactly what `gitlb validate`
// prints (in the requested format) and ends the command with exit 1; warnings go to stderr so
// stdout stays the command's result.
import { loadConfig } from '../config/load.js';
import type { DesiredState } from '../config/model.js';
import { formatDiagnosticLine, renderDiagnostics, type DiagnosticFormat } from '../report/diagnostics.js';
import { ExitError } from './errors.js';

/** Loads the config tree at `pathArg`, or reports its errors and throws ExitError(1). */
export async function loadConfigOrExit(pathArg: string, format: DiagnosticFormat): Promise<DesiredState> {
  const config = await loadConfig([pathArg]);
  if (!config.ok) {
    const summary = { files: config.stats?.files ?? 0, documents: config.stats?.documents ?? 0, skipped: config.skipped };
    process.stdout.write(renderDiagnostics(config.diagnostics, format, summary));
    throw new ExitError(1);
  }
  for (const d of config.diagnostics) process.stderr.write(`${formatDiagnosticLine(d)}\n`);
  return config.value;
}
