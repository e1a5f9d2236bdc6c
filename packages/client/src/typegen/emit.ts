import type { SchemaField, SchemaFilter, SchemaResource, TenantSchema } from './snapshot.js';
import { sortSchema } from './snapshot.js';

/** Options of {@link generateSchemaModule}. */
export interface GenerateOptions {
  /**
   * The day named in the header (`YYYY-MM-DD`, or a `Date` read in UTC). Give a fixed one for a
   * reproducible file; `--check` reuses the day of the file it checks.
   * @defaultValue today (UTC)
   */
  date?: string | Date;
}

/** Enumerations with more values than this are typed `string` (a union that large slows the compiler). */
export const MAX_ENUMERATION_VALUES = 500;
/** Fields of a resource beyond this many are left to an index signature. */
export const MAX_FIELDS_PER_RESOURCE = 2000;

const NUMBER_TYPES = new Set([
  'byte',
  'short',
  'long',
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'integer',
  'float',
  'double',
  'number',
  'decimal',
  'percent',
]);
const STRING_TYPES = new Set([
  'string',
  'memo',
  'text',
  'html',
  'CDATA',
  'uuid',
  'date',
  'datetime',
  'datetimetz',
  'datetimenotz',
  'time',
  'timespan',
]);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The header line that carries the tenant and the day; `--check` reads the day back from it. */
const HEADER = /^\/\/ Campaign schema of tenant (.*), read from its metadata on (\d{4}-\d{2}-\d{2})\.$/m;

/** The day a generated module names in its header, if it has one. */
export function generatedDate(module: string): string | undefined {
  return HEADER.exec(module)?.[2];
}

function day(date: GenerateOptions['date']): string {
  if (typeof date === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new TypeError(`date must be YYYY-MM-DD, got "${date}"`);
    return date;
  }
  return (date ?? new Date()).toISOString().slice(0, 10);
}

/** A property key: as is when it is an identifier, else a quoted string. */
const key = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));
/** Text safe inside a block comment, on one line. */
const commentText = (text: string) =>
  text
    .replace(/\*\//g, '*\\/')
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .trim();

/** Collects the comments of what the generator could not express as the metadata says. */
class Compromises {
  readonly #seen = new Set<string>();
  /** How many different compromises were made (one noted in a record and its bodies counts once). */
  get count(): number {
    return this.#seen.size;
  }
  note(lines: string[], indent: string, text: string): void {
    const line = `// compromise: ${commentText(text)}`;
    this.#seen.add(`${this.#scope}\n${line}`);
    lines.push(`${indent}${line}`);
  }
  #scope = '';
  /** Names the resource the following notes are about, so the same text on two resources counts twice. */
  scope(name: string): void {
    this.#scope = name;
  }
}

interface Names {
  record: string;
  create: string;
  update: string;
  filters: string;
}

/** The type names of each resource, unique, from its name made a PascalCase identifier. */
function typeNames(schema: TenantSchema): {
  names: Map<SchemaResource, Names>;
  renamed: Map<SchemaResource, string>;
} {
  const taken = new Set([
    'CampaignSchema',
    'CampaignSchemaDescriptor',
    'CampaignLinkValue',
    'CampaignLinkInput',
    'CampaignCollectionLink',
    'CampaignElement',
  ]);
  const names = new Map<SchemaResource, Names>();
  const renamed = new Map<SchemaResource, string>();
  for (const resource of [schema.profile, schema.service, ...schema.resources]) {
    const words = resource.name.split(/[^A-Za-z0-9]+/).filter(Boolean);
    let base = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') || 'Resource';
    if (/^[0-9]/.test(base)) base = `Resource${base}`;
    let stem = base;
    for (let n = 2; ['Record', 'Create', 'Update', 'Filters'].some((s) => taken.has(`${stem}${s}`)); n++)
      stem = `${base}${n}`;
    for (const suffix of ['Record', 'Create', 'Update', 'Filters']) taken.add(`${stem}${suffix}`);
    if (stem !== resource.name[0]?.toUpperCase() + resource.name.slice(1)) renamed.set(resource, stem);
    names.set(resource, {
      record: `${stem}Record`,
      create: `${stem}Create`,
      update: `${stem}Update`,
      filters: `${stem}Filters`,
    });
  }
  return { names, renamed };
}

/** The TypeScript type of a scalar value of a field or parameter, or undefined when unknown. */
function scalarType(
  type: string,
  values: readonly string[] | undefined,
  lines: string[],
  indent: string,
  what: string,
  compromises: Compromises,
): string | undefined {
  if (type === 'enumeration') {
    if (!values || values.length === 0) {
      compromises.note(lines, indent, `${what} is an enumeration without values: typed string`);
      return 'string';
    }
    if (values.length > MAX_ENUMERATION_VALUES) {
      compromises.note(
        lines,
        indent,
        `${what} has ${values.length} values, more than ${MAX_ENUMERATION_VALUES}: typed string`,
      );
      return 'string';
    }
    return [...new Set(values)].map((v) => JSON.stringify(v)).join(' | ');
  }
  if (type === 'boolean') return 'boolean';
  if (NUMBER_TYPES.has(type)) return 'number';
  if (STRING_TYPES.has(type)) return 'string';
  return undefined;
}

type Mode = 'record' | 'create' | 'update';

function fieldType(field: SchemaField, mode: Mode, lines: string[], indent: string, c: Compromises): string {
  const what = `field ${JSON.stringify(field.name)}`;
  if (field.type === 'link') return mode === 'record' ? 'CampaignLinkValue' : 'CampaignLinkInput';
  if (field.type === 'collection') return 'CampaignCollectionLink';
  if (field.type === 'item' || field.type === 'element') return 'CampaignElement';
  const scalar = scalarType(field.type, field.values, lines, indent, what, c);
  if (scalar !== undefined) return scalar;
  const fallback = field.resType
    ? scalarType(field.resType, field.values, lines, indent, what, c)
    : undefined;
  if (fallback !== undefined) {
    c.note(lines, indent, `${what} has type ${JSON.stringify(field.type)}: typed from its resType`);
    return fallback;
  }
  c.note(
    lines,
    indent,
    `${what} has type ${JSON.stringify(field.type)}, unknown to the generator: typed unknown`,
  );
  return 'unknown';
}

function fieldDoc(field: SchemaField): string {
  const facts = [field.type];
  if (field.target) facts.push(`to ${field.target}`);
  if (field.length) facts.push(`up to ${field.length} characters`);
  if (field.readOnly) facts.push('read-only');
  if (field.mandatory) facts.push('mandatory');
  const label = commentText(field.label);
  return `/** ${label ? `${label} ` : ''}(${commentText(facts.join(', '))}). */`;
}

function emitObject(
  lines: string[],
  name: string,
  doc: string,
  resource: SchemaResource,
  mode: Mode,
  c: Compromises,
): void {
  lines.push(`/** ${commentText(doc)} */`, `export type ${name} = {`);
  if (mode === 'record')
    lines.push('  /** The record key. */', '  PKey: string;', '  /** The record URL. */', '  href: string;');
  const seen = new Set(['PKey', 'href']);
  let count = 0;
  let overflow = 0;
  for (const field of resource.fields) {
    if (mode !== 'record' && (field.readOnly || field.type === 'collection')) continue;
    if (seen.has(field.name)) {
      if (mode === 'record' && field.name !== 'PKey' && field.name !== 'href')
        c.note(
          lines,
          '  ',
          `field ${JSON.stringify(field.name)} is described twice: the first description is kept`,
        );
      continue;
    }
    seen.add(field.name);
    if (++count > MAX_FIELDS_PER_RESOURCE) {
      overflow++;
      continue;
    }
    if (!IDENTIFIER.test(field.name) && mode === 'record')
      c.note(
        lines,
        '  ',
        `field ${JSON.stringify(field.name)} is not an identifier: quoted, read it as record[${JSON.stringify(field.name)}]`,
      );
    const type = fieldType(field, mode, lines, '  ', c);
    const optional = mode === 'update' || (mode === 'create' && !field.mandatory) ? '?' : '';
    lines.push(`  ${fieldDoc(field)}`, `  ${key(field.name)}${optional}: ${type};`);
  }
  if (overflow > 0) {
    c.note(
      lines,
      '  ',
      `${overflow} more fields than ${MAX_FIELDS_PER_RESOURCE}: left to an index signature, typed unknown`,
    );
    lines.push('  [field: string]: unknown;');
  }
  lines.push('};', '');
}

function emitFilters(lines: string[], name: string, resource: SchemaResource, c: Compromises): void {
  lines.push(
    `/** The filters of ${commentText(resource.name)}, each with its parameters (\`/${resource.family}/${commentText(resource.name)}/<filter>?<param>=\`). */`,
    `export type ${name} = {`,
  );
  for (const filter of resource.filters) emitFilter(lines, filter, c);
  lines.push('};', '');
}

function emitFilter(lines: string[], filter: SchemaFilter, c: Compromises): void {
  if (!IDENTIFIER.test(filter.name))
    c.note(lines, '  ', `filter ${JSON.stringify(filter.name)} is not an identifier: quoted`);
  const label = commentText(filter.label);
  if (label) lines.push(`  /** ${label}. */`);
  if (filter.params.length === 0) {
    lines.push(`  ${key(filter.name)}: Record<string, never>;`);
    return;
  }
  lines.push(`  ${key(filter.name)}: {`);
  for (const param of filter.params) {
    const what = `parameter ${JSON.stringify(param.name)} of ${JSON.stringify(filter.name)}`;
    let type = scalarType(param.type, param.values, lines, '    ', what, c);
    if (type === undefined) {
      c.note(
        lines,
        '    ',
        `${what} has type ${JSON.stringify(param.type)}, unknown to the generator: typed string`,
      );
      type = 'string';
    }
    lines.push(`    ${key(param.name)}${param.mandatory ? '' : '?'}: ${type};`);
  }
  lines.push('  };');
}

/**
 * The TypeScript module describing a tenant's schema: a record, create, update and filters type per
 * resource, the `CampaignSchema` type gathering them, and `campaignSchema`, the value to give
 * `createCampaignClient({ …, schema: campaignSchema })`. The module imports nothing. The same schema
 * and day always give the same text; metadata the generator cannot express (an unknown type, a
 * name that is not an identifier, a huge enumeration) gives valid TypeScript and a
 * `// compromise:` comment at each place.
 */
export function generateSchemaModule(input: TenantSchema, options: GenerateOptions = {}): string {
  const schema = sortSchema(input);
  const c = new Compromises();
  const body: string[] = [];
  const { names, renamed } = typeNames(schema);
  body.push(
    '/** A one-to-one link as records show it: `{}` when unset. */',
    'export type CampaignLinkValue = { PKey?: string; href?: string; title?: string; [key: string]: unknown };',
    '/** A one-to-one link as a create or update body sets it. */',
    'export type CampaignLinkInput = { PKey: string };',
    '/** A link to a collection of records. */',
    'export type CampaignCollectionLink = { href: string; metadata?: string };',
    "/** An element of a record (such as a profile's `location`), its fields not described by the metadata. */",
    'export type CampaignElement = { [field: string]: unknown };',
    '',
  );
  const all = [schema.profile, schema.service, ...schema.resources];
  for (const resource of all) {
    const n = names.get(resource)!;
    c.scope(resource.name);
    const where = `${resource.label || resource.name} (\`/${resource.family}/${resource.name}\`${resource.schema ? `, ${resource.schema}` : ''})`;
    if (renamed.has(resource))
      c.note(
        body,
        '',
        `resource ${JSON.stringify(resource.name)} is named ${renamed.get(resource)} in type names (its name is not a usable type name, or another resource has it)`,
      );
    emitObject(body, n.record, `A record of ${where}.`, resource, 'record', c);
    emitObject(
      body,
      n.create,
      `The fields of a new record of ${resource.name}: read-only fields are refused.`,
      resource,
      'create',
      c,
    );
    emitObject(body, n.update, `The fields an update of ${resource.name} may change.`, resource, 'update', c);
    emitFilters(body, n.filters, resource, c);
  }
  const entry = (resource: SchemaResource, indent: string) => {
    const n = names.get(resource)!;
    return `${indent}${key(resource.name)}: { family: ${JSON.stringify(resource.family)}; record: ${n.record}; create: ${n.create}; update: ${n.update}; filters: ${n.filters} };`;
  };
  body.push(
    `/** The schema of tenant ${commentText(schema.tenant)}: give {@link campaignSchema} to \`createCampaignClient\`. */`,
    'export type CampaignSchema = {',
    `  tenant: ${JSON.stringify(schema.tenant)};`,
    entry(schema.profile, '  '),
    entry(schema.service, '  '),
    '  resources: {',
    ...schema.resources.map((r) => entry(r, '    ')),
    '  };',
    '};',
    '',
    '/** What `createCampaignClient` reads at run time (where each custom resource lives), typed with {@link CampaignSchema}. */',
    'export type CampaignSchemaDescriptor = {',
    `  readonly tenant: ${JSON.stringify(schema.tenant)};`,
    '  readonly resources: {',
    ...schema.resources.map((r) => `    readonly ${key(r.name)}: ${JSON.stringify(r.family)};`),
    '  };',
    '  readonly types?: CampaignSchema;',
    '};',
    '',
    `/** The schema of tenant ${commentText(schema.tenant)}, for \`createCampaignClient({ …, schema: campaignSchema })\`. */`,
    'export const campaignSchema: CampaignSchemaDescriptor = {',
    `  tenant: ${JSON.stringify(schema.tenant)},`,
    '  resources: {',
    ...schema.resources.map((r) => `    ${key(r.name)}: ${JSON.stringify(r.family)},`),
    '  },',
    '};',
  );
  const header = [
    `// Campaign schema of tenant ${commentText(JSON.stringify(schema.tenant))}, read from its metadata on ${day(options.date)}.`,
    '// Generated by @campaign-standard/client/typegen (`acs types generate`): do not edit. Generate it',
    '// again when the schema changes; `acs types generate --check` fails while it differs from the tenant.',
    `// ${all.length} resources; ${c.count === 0 ? 'no compromise' : `${c.count} compromise${c.count === 1 ? '' : 's'}, each marked "// compromise:" below`}.`,
    '',
  ];
  return `${[...header, ...body].join('\n')}\n`;
}
