import { ConfigurationError, type ConfigurationIssue, ownProperties } from '@campaign-standard/core';
import type { ListOptions, RecordList } from './list.js';
import type { CallOptions } from './options.js';
import type { PatchResult, ProfileInput } from './records.js';
import type { CustomResourceApi, CustomResourceOptions } from './resources/custom-resources.js';
import type { ProfileFilters, ProfileListOptions, ProfilesApi } from './resources/profiles.js';

/**
 * The types of one resource of a generated schema (`acs types generate`): where it lives, its
 * records, the bodies that create and update them, and its filters with their parameters.
 */
export interface SchemaResourceTypes {
  /** `profileAndServicesExt` (linked to profiles) or `customResources`. */
  family: string;
  /** A record as read. */
  record: object;
  /** The body of a create: writable fields, the mandatory ones required. */
  create: object;
  /** The body of an update: writable fields, all optional. */
  update: object;
  /** Filters by name, each with its parameters. */
  filters: object;
}

/** The shape of the `CampaignSchema` type a generated module exports. */
export interface SchemaTypes {
  /** The tenant the schema was read from. */
  tenant: string;
  /** The extended profile. */
  profile: SchemaResourceTypes;
  /** Services. */
  service: SchemaResourceTypes;
  /** Custom resources by name. */
  resources: Record<string, SchemaResourceTypes>;
}

/**
 * What the client reads at run time from a generated schema (its `campaignSchema` value): the
 * family of each custom resource. `types` carries the schema's types, for inference only.
 */
export interface SchemaDescriptor<S extends SchemaTypes = SchemaTypes> {
  /** The tenant the schema was read from. */
  readonly tenant: string;
  /** The family of each custom resource. */
  readonly resources: Readonly<Record<string, 'profileAndServicesExt' | 'customResources'>>;
  /** Never set: the schema's types. */
  readonly types?: S;
}

/** The custom filters of a schema resource: those named `by…`, each with its parameters. */
export type SchemaCustomFilters<R extends SchemaResourceTypes> = {
  [K in keyof R['filters'] as K extends `by${string}` ? K : never]?: R['filters'][K];
};

/** The filters of a schema resource, any of them, each with its parameters. */
export type SchemaFilters<R extends SchemaResourceTypes> = { [K in keyof R['filters']]?: R['filters'][K] };

/** List options of a schema resource: its filters and their parameters typed. */
export interface SchemaListOptions<R extends SchemaResourceTypes>
  extends Omit<ListOptions, 'filters' | 'customFilters'> {
  /** Filters of the resource, with their parameters. */
  filters?: SchemaFilters<R>;
  /** Custom filters of the resource (`by…`), with their parameters. */
  customFilters?: SchemaCustomFilters<R>;
}

/** List options of the profiles of a schema: the built-in filters and the tenant's custom ones. */
export interface SchemaProfileListOptions<R extends SchemaResourceTypes>
  extends Omit<ListOptions, 'filters' | 'customFilters'> {
  /** Built-in filters. */
  filters?: ProfileFilters;
  /** The tenant's filters of the extended profile (`by…`), with their parameters. */
  customFilters?: SchemaCustomFilters<R>;
}

/**
 * Profiles typed by a schema: always read and written on the extended family, so records carry
 * the extension's fields, and bodies refuse unknown and read-only fields at compile time.
 */
export interface SchemaProfilesApi<R extends SchemaResourceTypes>
  extends Omit<ProfilesApi, 'list' | 'get' | 'create' | 'update'> {
  /** Every profile matching the options, page by page, with the extension's fields. */
  list(options?: SchemaProfileListOptions<R>): RecordList<R['record']>;
  /** One profile by `PKey` (or custom key), with the extension's fields. */
  get(pkey: string, options?: CallOptions): Promise<R['record']>;
  /** Creates a profile. */
  create(fields: R['create'], options?: CallOptions): Promise<R['record']>;
  /** Changes the given fields of a profile. */
  update(pkey: string, fields: R['update'], options?: CallOptions): Promise<PatchResult>;
}

/** The records of one custom resource of a schema, typed. */
export interface SchemaCustomResourceApi<R extends SchemaResourceTypes>
  extends Omit<CustomResourceApi, 'list' | 'get' | 'create' | 'update'> {
  /** Every record matching the options, page by page. */
  list(options?: SchemaListOptions<R>): RecordList<R['record']>;
  /** One record by `PKey`. */
  get(pkey: string, options?: CallOptions): Promise<R['record']>;
  /** Creates a record (never resent after a failure unless `retryNonIdempotent`). */
  create(fields: R['create'], options?: CallOptions): Promise<R['record']>;
  /** Changes the given fields of a record. */
  update(pkey: string, fields: R['update'], options?: CallOptions): Promise<PatchResult>;
}

/** The helpers a schema retypes, over any client that has them. */
export type SchemaClient<C, S extends SchemaTypes> = Omit<C, 'profiles' | 'customResources'> & {
  /** The schema the client was created with. */
  readonly schema: SchemaDescriptor<S>;
  /** Profiles, on the extended family, with the tenant's extension typed. */
  readonly profiles: SchemaProfilesApi<S['profile']>;
  /**
   * The records of a custom resource of the schema: only its names are accepted, and the family
   * comes from the schema.
   */
  customResources<N extends keyof S['resources'] & string>(
    name: N,
  ): SchemaCustomResourceApi<S['resources'][N]>;
};

interface Retypable {
  profiles: ProfilesApi;
  customResources(name: string, options?: CustomResourceOptions): CustomResourceApi;
}

/** Checks a schema descriptor: a `resources` map of names to one of the two families. */
export function checkSchema(schema: unknown): SchemaDescriptor {
  const issues: ConfigurationIssue[] = [];
  const value = schema as Partial<SchemaDescriptor> | null;
  const resources = value !== null && typeof value === 'object' ? value.resources : undefined;
  if (resources === null || typeof resources !== 'object')
    issues.push({ field: 'schema', problem: 'must be the campaignSchema of a generated module' });
  else
    for (const [name, family] of Object.entries(ownProperties(resources)))
      if (family !== 'profileAndServicesExt' && family !== 'customResources')
        issues.push({
          field: `schema.resources.${name}`,
          problem: 'must be profileAndServicesExt or customResources',
        });
  if (issues.length > 0) throw new ConfigurationError(issues, 'createCampaignClient');
  return value as SchemaDescriptor;
}

/**
 * The client with the helpers a schema types: profiles on the extended family, and custom
 * resources on the family the schema gives them (a name the schema lacks keeps the default,
 * `customResources`, as the untyped helper does). Everything else is the client's own.
 */
export function withSchema<C extends Retypable, S extends SchemaTypes>(
  client: C,
  schema: SchemaDescriptor<S>,
): SchemaClient<C, S> {
  const families = ownProperties(schema.resources);
  const profiles = client.profiles;
  // The schema's types are checked where the caller writes them; here the values pass through.
  const ext = (options?: object): ProfileListOptions & CallOptions => ({ ...options, ext: true });
  const typed: SchemaProfilesApi<SchemaResourceTypes> = {
    ...profiles,
    list: (options) => profiles.list(ext(options)),
    get: (pkey, options) => profiles.get(pkey, ext(options)),
    create: (fields, options) => profiles.create(fields as ProfileInput, ext(options)),
    update: (pkey, fields, options) => profiles.update(pkey, fields as ProfileInput, ext(options)),
  };
  return {
    ...client,
    schema,
    profiles: typed,
    customResources: (name: string) =>
      client.customResources(name, { linkedToProfile: families[name] === 'profileAndServicesExt' }),
  } as unknown as SchemaClient<C, S>;
}
