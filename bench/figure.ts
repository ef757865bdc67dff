// The one output format of every benchmark: a JSON line per figure on stdout.

/** One measured figure, e.g. {bench:'validate', figure:'1000 ServiceGroups', value:120, unit:'ms', target:'<= 300'}. */
export interface Figure {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  target?: string;
  [extra: string]: unknown;
}

/** Prints one figure as a JSON line. */
export function printFigure(f: Figure): void {
  process.stdout.write(`${JSON.stringify(f)}\n`);
}
