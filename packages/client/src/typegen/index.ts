/**
 * Types from a tenant's schema: reads the tenant's metadata (the extended profile and services,
 * every custom resource with its fields, enumerations, links and filters) and writes a TypeScript
 * module describing it, plus a JSON snapshot to review schema changes. `acs types generate` is
 * built on it; build scripts can call it directly.
 *
 * @example
 * ```ts
 * import { generateSchema } from '@campaign-standard/client/typegen';
 * const { module, snapshot } = await generateSchema(client);
 * await writeFile('src/campaign-schema.ts', module);
 * await writeFile('src/campaign-schema.json', snapshot);
 * ```
 *
 * @packageDocumentation
 */
import { type GenerateOptions, generatedDate, generateSchemaModule } from './emit.js';
import {
  type IntrospectOptions,
  introspectTenant,
  type MetadataClient,
  type MetadataReader,
} from './introspect.js';
import { renderSnapshot, type TenantSchema } from './snapshot.js';

export {
  type GenerateOptions,
  generatedDate,
  generateSchemaModule,
  MAX_ENUMERATION_VALUES,
  MAX_FIELDS_PER_RESOURCE,
} from './emit.js';
export {
  clientReader,
  type IntrospectOptions,
  introspectTenant,
  type MetadataClient,
  type MetadataReader,
} from './introspect.js';
export {
  renderSnapshot,
  type SchemaFamily,
  type SchemaField,
  type SchemaFilter,
  type SchemaFilterParam,
  type SchemaResource,
  sortSchema,
  type TenantSchema,
} from './snapshot.js';

/** What {@link generateSchema} produces. */
export interface GeneratedSchema {
  /** The schema read from the tenant. */
  schema: TenantSchema;
  /** The TypeScript module. */
  module: string;
  /** The JSON snapshot (to commit beside the module). */
  snapshot: string;
}

/** Options of {@link generateSchema}. */
export interface GenerateSchemaOptions extends IntrospectOptions, GenerateOptions {}

/** Reads the tenant's schema and renders the module and the snapshot. */
export async function generateSchema(
  source: MetadataReader | MetadataClient,
  options: GenerateSchemaOptions = {},
): Promise<GeneratedSchema> {
  const schema = await introspectTenant(source, options);
  return { schema, module: generateSchemaModule(schema, options), snapshot: renderSnapshot(schema) };
}

/** What {@link compareSchemaModule} finds. */
export interface SchemaComparison {
  /** Whether the module is exactly what the schema gives (with the day its header names). */
  upToDate: boolean;
  /** The module the schema gives, to write when it differs. */
  module: string;
}

/**
 * Whether a module generated earlier still describes the schema: the module generated again with
 * the day its header names is compared with it, so a check on another day passes while the tenant
 * is unchanged. Returns the fresh module too, to write when it differs.
 */
export function compareSchemaModule(existing: string, schema: TenantSchema): SchemaComparison {
  const date = generatedDate(existing);
  const module = generateSchemaModule(schema, date ? { date } : {});
  return { upToDate: date !== undefined && module === existing, module };
}
