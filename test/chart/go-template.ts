// A Go text/template interpreter for exactly the subset the gitlb chart uses, so the chart can
// be rendered without a `helm` binary (none can be installed here). Anything outside the subset
// throws, so a template that grows a new construct fails the chart test instead of rendering
// silently wrong. Supported: text, {{/* comments */}}, {{- and -}} trimming, fields
// (`.Values.a.b`, `$.Values.a`, `.` and `.x` inside range), string and integer literals,
// `if` / `else` / `end`, `range` over lists and maps, pipelines with `|`, and the functions
// eq, ne, not, and, or, default, quote, toYaml, indent, nindent (Helm's meanings).
import { stringify } from 'yaml';

type Value = unknown;

interface TextNode { type: 'text'; text: string }
interface ActionNode { type: 'action'; pipeline: string }
interface IfNode { type: 'if'; pipeline: string; then: Node[]; else: Node[] }
interface RangeNode { type: 'range'; pipeline: string; body: Node[] }
type Node = TextNode | ActionNode | IfNode | RangeNode;

interface Token { kind: 'text'; text: string }
interface ActionToken { kind: 'action'; body: string }

/** Thrown for a construct outside the supported subset, or a template error Helm would report too. */
export class TemplateError extends Error {}

/** Renders `source` with `root` as `.` and `$`. */
export function renderTemplate(source: string, root: Record<string, Value>): string {
  const nodes = parse(tokenize(source));
  return exec(nodes, root, root);
}

function tokenize(source: string): Array<Token | ActionToken> {
  const out: Array<Token | ActionToken> = [];
  const re = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    let text = source.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (m[1]) text = text.replace(/\s+$/, '');
    out.push({ kind: 'text', text });
    const body = (m[2] ?? '').trim();
    if (!body.startsWith('/*')) out.push({ kind: 'action', body });
    else if (!body.endsWith('*/')) throw new TemplateError(`unterminated comment: ${body}`);
    trimNext = m[3] !== undefined;
    last = re.lastIndex;
  }
  let tail = source.slice(last);
  if (trimNext) tail = tail.replace(/^\s+/, '');
  out.push({ kind: 'text', text: tail });
  return out;
}

function parse(tokens: Array<Token | ActionToken>): Node[] {
  let i = 0;
  // Parses until `end` / `else` (returned so the caller knows which one stopped it).
  function block(): { nodes: Node[]; stop: 'end' | 'else' | 'eof' } {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const t = tokens[i++];
      if (!t) break;
      if (t.kind === 'text') {
        if (t.text) nodes.push({ type: 'text', text: t.text });
        continue;
      }
      const [word = '', ...rest] = t.body.split(/\s+/);
      const arg = rest.join(' ');
      if (word === 'end') return { nodes, stop: 'end' };
      if (word === 'else') {
        if (arg) throw new TemplateError(`unsupported: else ${arg}`);
        return { nodes, stop: 'else' };
      }
      if (word === 'if') {
        const then = block();
        let elseNodes: Node[] = [];
        if (then.stop === 'else') {
          const e = block();
          if (e.stop !== 'end') throw new TemplateError(`if ${arg}: missing end`);
          elseNodes = e.nodes;
        } else if (then.stop !== 'end') throw new TemplateError(`if ${arg}: missing end`);
        nodes.push({ type: 'if', pipeline: arg, then: then.nodes, else: elseNodes });
        continue;
      }
      if (word === 'range') {
        const body = block();
        if (body.stop !== 'end') throw new TemplateError(`range ${arg}: missing end (range/else is not supported)`);
        nodes.push({ type: 'range', pipeline: arg, body: body.nodes });
        continue;
      }
      if (['with', 'define', 'template', 'include', 'block'].includes(word) || word.startsWith('$') && rest[0] === ':=') {
        throw new TemplateError(`unsupported construct: ${t.body}`);
      }
      nodes.push({ type: 'action', pipeline: t.body });
    }
    return { nodes, stop: 'eof' };
  }
  const top = block();
  if (top.stop !== 'eof') throw new TemplateError(`unexpected ${top.stop}`);
  return top.nodes;
}

function exec(nodes: Node[], dot: Value, root: Record<string, Value>): string {
  let out = '';
  for (const n of nodes) {
    if (n.type === 'text') out += n.text;
    else if (n.type === 'action') out += printValue(evalPipeline(n.pipeline, dot, root));
    else if (n.type === 'if') out += exec(truthy(evalPipeline(n.pipeline, dot, root)) ? n.then : n.else, dot, root);
    else {
      const v = evalPipeline(n.pipeline, dot, root);
      if (Array.isArray(v)) for (const item of v) out += exec(n.body, item, root);
      else if (isMap(v)) for (const k of Object.keys(v).sort()) out += exec(n.body, v[k], root);
      else if (v !== undefined && v !== null) throw new TemplateError(`range over ${typeof v}`);
    }
  }
  return out;
}

function isMap(v: Value): v is Record<string, Value> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's truth: false, 0, nil and empty strings, lists and maps are false. */
function truthy(v: Value): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

function printValue(v: Value): string {
  // Helm replaces text/template's "<no value>" with the empty string.
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new TemplateError(`printing a ${Array.isArray(v) ? 'list' : 'map'} (use toYaml)`);
}

/** Splits on `|` and spaces outside double-quoted strings. */
function splitWords(s: string): string[][] {
  const commands: string[][] = [[]];
  const re = /"(?:[^"\\]|\\.)*"|\||[^\s|]+/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m[0] === '|') commands.push([]);
    else commands[commands.length - 1]?.push(m[0]);
  }
  return commands;
}

const FUNCTIONS: Record<string, (...args: Value[]) => Value> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  not: (a) => !truthy(a),
  and: (...xs) => xs.every(truthy),
  or: (...xs) => xs.some(truthy),
  default: (d, v) => (truthy(v) ? v : d),
  quote: (...xs) => xs.filter((x) => x !== undefined && x !== null).map((x) => JSON.stringify(String(x))).join(' '),
  // Helm's toYaml (sigs.k8s.io/yaml): sorted keys, no trailing newline.
  toYaml: (v) => (v === undefined || v === null ? 'null' : stringify(v, { sortMapEntries: true }).replace(/\n$/, '')),
  indent: (n, s) => indent(Number(n), String(s)),
  nindent: (n, s) => `\n${indent(Number(n), String(s))}`,
};

function indent(n: number, s: string): string {
  const pad = ' '.repeat(n);
  return pad + s.replace(/\n/g, `\n${pad}`);
}

function evalPipeline(pipeline: string, dot: Value, root: Record<string, Value>): Value {
  let piped: { value: Value } | undefined;
  for (const words of splitWords(pipeline)) {
    const [head, ...rest] = words;
    if (head === undefined) throw new TemplateError(`empty command in "${pipeline}"`);
    let value: Value;
    const fn = FUNCTIONS[head];
    if (fn) {
      const args = rest.map((w) => evalOperand(w, dot, root));
      if (piped) args.push(piped.value);
      value = fn(...args);
    } else {
      if (rest.length > 0 || piped) throw new TemplateError(`unknown function "${head}" in "${pipeline}"`);
      value = evalOperand(head, dot, root);
    }
    piped = { value };
  }
  return piped?.value;
}

function evalOperand(word: string, dot: Value, root: Record<string, Value>): Value {
  if (word.startsWith('"')) return JSON.parse(word) as string;
  if (/^-?\d+$/.test(word)) return Number(word);
  if (word === 'true' || word === 'false') return word === 'true';
  if (word === '.') return dot;
  let base: Value;
  let path: string;
  if (word.startsWith('$.')) { base = root; path = word.slice(2); }
  else if (word === '$') return root;
  else if (word.startsWith('.')) { base = dot; path = word.slice(1); }
  else throw new TemplateError(`unsupported operand "${word}"`);
  for (const key of path.split('.')) {
    // Helm's missing-key behaviour: a missing map key is nil; a field of nil is an error.
    if (base === undefined || base === null) throw new TemplateError(`nil pointer evaluating ${word}`);
    if (!isMap(base)) throw new TemplateError(`can't evaluate field ${key} in ${word}`);
    base = base[key];
  }
  return base;
}
