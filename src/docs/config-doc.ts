// docs/config.md from schemas/org.schema.json: every key, its type, whether it is required, its
// default and its description, one section per nested object. Pure, so a test can render the
// current schema and fail when the committed file differs.

import { CONFIG_PREFACE } from './config-preface.js';

export type JsonSchema = { readonly [key: string]: unknown };

type Section = { path: string; intro: string[]; node: JsonSchema };

export const GENERATED_NOTICE =
  '<!-- Generated from schemas/org.schema.json by `npm run docs` (src/docs/config-doc.ts). Edit the schema, not this file. -->';

/** The whole of docs/config.md for `schema`. */
export function renderConfigDoc(schema: JsonSchema): string {
  const defs = (schema.$defs ?? {}) as Record<string, JsonSchema>;
  const sections = collectSections({ path: '', intro: texts(schema.description), node: schema }, defs);
  const body = sections.map((s) => renderSection(s, defs)).join('\n');
  return `${GENERATED_NOTICE}\n\n${CONFIG_PREFACE.trim()}\n\n## Reference\n\n${body}`;
}

/** Resolves a local `$ref`, keeping the referring node's own keywords (its description wins). */
function resolve(node: JsonSchema, defs: Record<string, JsonSchema>, seen: readonly string[] = []): JsonSchema {
  const { $ref, ...own } = node;
  if (typeof $ref !== 'string') return node;
  const name = $ref.replace(/^#\/\$defs\//, '');
  const def = defs[name];
  if (def === undefined || seen.includes(name)) throw new Error(`cannot resolve $ref ${$ref}`);
  return { ...resolve(def, defs, [...seen, name]), ...own };
}

/** The section for `start` and, depth first in key order, one for each object below it. */
function collectSections(start: Section, defs: Record<string, JsonSchema>): Section[] {
  const out: Section[] = [start];
  for (const [key, raw] of Object.entries(properties(start.node))) {
    const prop = resolve(raw, defs);
    const child = childSection(joinPath(start.path, key), prop, defs);
    if (child) out.push(...collectSections(child, defs));
  }
  return out;
}

/** A property that holds keys of its own (directly, as list items, or as map values) gets a section. */
function childSection(path: string, prop: JsonSchema, defs: Record<string, JsonSchema>): Section | undefined {
  if (hasProperties(prop)) return { path, intro: texts(prop.description), node: prop };
  const inner = innerSchema(prop, defs);
  if (inner === undefined || !hasProperties(inner.node)) return undefined;
  // The property's own description is in its parent's table; here, what one entry is.
  return { path: `${path}${inner.suffix}`, intro: texts(inner.node.description), node: inner.node };
}

function innerSchema(prop: JsonSchema, defs: Record<string, JsonSchema>): { suffix: string; node: JsonSchema } | undefined {
  if (isSchema(prop.items)) return { suffix: '[]', node: resolve(prop.items, defs) };
  if (isSchema(prop.additionalProperties)) return { suffix: '.<name>', node: resolve(prop.additionalProperties, defs) };
  return undefined;
}

function renderSection(section: Section, defs: Record<string, JsonSchema>): string {
  const title = section.path === '' ? 'Top level' : `\`${section.path}\``;
  const required = new Set(Array.isArray(section.node.required) ? (section.node.required as string[]) : []);
  const rows = Object.entries(properties(section.node)).map(([key, raw]) => {
    const prop = resolve(raw, defs);
    const cells = [`\`${key}\``, typeOf(prop, defs), required.has(key) ? 'yes' : '', defaultOf(prop), oneLine(prop.description)];
    return `| ${cells.join(' | ')} |`;
  });
  const lines = [`### ${title}`, ''];
  if (section.intro.length > 0) lines.push(section.intro.map(oneLine).join(' '), '');
  if (rows.length > 0) lines.push('| Key | Type | Required | Default | Description |', '|---|---|---|---|---|', ...rows, '');
  return lines.join('\n');
}

/** A readable type: `1`, `string, not empty`, `list of email`, `map: name → object`, an enum's values. */
function typeOf(prop: JsonSchema, defs: Record<string, JsonSchema>): string {
  const { name, bounds } = typeParts(prop, defs);
  return [name, ...bounds].join(', ');
}

/** The type of a list's items or a map's values: bounds in parentheses, none for objects. */
function innerTypeOf(prop: JsonSchema, defs: Record<string, JsonSchema>): string {
  const { name, bounds } = typeParts(prop, defs);
  return bounds.length === 0 || name.includes('object') ? name : `${name} (${bounds.join(', ')})`;
}

function typeParts(prop: JsonSchema, defs: Record<string, JsonSchema>): { name: string; bounds: string[] } {
  if ('const' in prop) return { name: code(prop.const), bounds: [] };
  if (Array.isArray(prop.enum)) return { name: prop.enum.map(code).join(' \\| '), bounds: [] };
  const alternatives = prop.oneOf ?? prop.anyOf;
  if (Array.isArray(alternatives)) {
    const names = alternatives.filter(isSchema).map((alt) => innerTypeOf(resolve(alt, defs), defs));
    return { name: names.join(' \\| '), bounds: constraints(prop) };
  }
  const types = Array.isArray(prop.type) ? (prop.type as string[]) : typeof prop.type === 'string' ? [prop.type] : [];
  const name = types.map((t) => baseType(t, prop, defs)).join(' \\| ') || 'any';
  return { name, bounds: constraints(prop) };
}

function baseType(type: string, prop: JsonSchema, defs: Record<string, JsonSchema>): string {
  if (type === 'string' && typeof prop.format === 'string') return prop.format === 'idn-email' ? 'email' : prop.format;
  if (type === 'array' && isSchema(prop.items)) return `list of ${innerTypeOf(resolve(prop.items, defs), defs)}`;
  if (type === 'object' && isSchema(prop.additionalProperties)) {
    return `map: name → ${innerTypeOf(resolve(prop.additionalProperties, defs), defs)}`;
  }
  return type;
}

/** The bounds a value must keep; the largest safe integer is no bound worth printing. */
function constraints(prop: JsonSchema): string[] {
  const out: string[] = [];
  const num = (k: string): number | undefined => (typeof prop[k] === 'number' ? (prop[k] as number) : undefined);
  const min = num('minimum');
  const max = num('maximum');
  const exclusiveMin = num('exclusiveMinimum');
  if (exclusiveMin !== undefined) out.push(`> ${exclusiveMin}`);
  if (min !== undefined && max !== undefined && max < Number.MAX_SAFE_INTEGER) out.push(`${min}..${max}`);
  else if (min !== undefined) out.push(`≥ ${min}`);
  else if (max !== undefined && max < Number.MAX_SAFE_INTEGER) out.push(`≤ ${max}`);
  const minLength = num('minLength');
  if (minLength !== undefined && minLength > 0) out.push('not empty');
  const minItems = num('minItems');
  if (minItems !== undefined) out.push(`at least ${minItems} item${minItems === 1 ? '' : 's'}`);
  const minProps = num('minProperties');
  if (minProps !== undefined) out.push(`at least ${minProps} key${minProps === 1 ? '' : 's'}`);
  return out;
}

function defaultOf(prop: JsonSchema): string {
  return 'default' in prop ? code(prop.default) : '';
}

function properties(node: JsonSchema): Record<string, JsonSchema> {
  return isSchema(node.properties) ? (node.properties as Record<string, JsonSchema>) : {};
}

function hasProperties(node: JsonSchema): boolean {
  return Object.keys(properties(node)).length > 0;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function texts(description: unknown): string[] {
  return typeof description === 'string' && description.trim() !== '' ? [description.trim()] : [];
}

/** Table-safe text: one line, pipes escaped. */
function oneLine(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim() : '';
}

function code(value: unknown): string {
  return `\`${JSON.stringify(value)}\``;
}
