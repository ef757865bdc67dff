// The shape of a semantic rule: a stable id and a pure check over the whole input.
import type { Diagnostic } from '../diagnostic.js';
import type { ConfigInput } from '../input.js';
import type { SourceLocation } from '../model.js';

/** One semantic check the schemas cannot express; `id` is stable (users grep and suppress by it). */
export interface Rule {
  id: string;
  check(input: ConfigInput): Diagnostic[];
}

/** An error of a rule at a location. */
export function ruleError(rule: string, loc: SourceLocation, message: string): Diagnostic {
  return { severity: 'error', rule, message, loc };
}

/** A warning of a rule at a location. */
export function ruleWarning(rule: string, loc: SourceLocation, message: string): Diagnostic {
  return { severity: 'warning', rule, message, loc };
}

/** 'file:line:col', for messages that point at a second place. */
export function formatLoc(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}
