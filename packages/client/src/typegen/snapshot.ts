/**
 * The schema of a tenant as the generator reads it from the metadata: what the JSON snapshot
 * holds, sorted so that the same tenant always gives the same text.
 */
export interface TenantSchema {
  /** The tenant the metadata was read from (`acme`). */
  tenant: string;
  /** The extended profile (`profileAndServicesExt/profile`): Adobe's fields and the extension. */
  profile: SchemaResource;
  /** The services of the extended family (`profileAndServicesExt/service`). */
  service: SchemaResource;
  /** Custom resources of both families, by family then name. */
  resources: SchemaResource[];
}

/** Where a resource of the schema lives. */
export type SchemaFamily = 'profileAndServicesExt' | 'customResources';

/** One resource: its fields and filters as its `resourceType` metadata describes them. */
export interface SchemaResource {
  /** The name in URLs (`cusVehicle`). */
  name: string;
  /** `profileAndServicesExt` (linked to profiles, and the profile itself) or `customResources`. */
  family: SchemaFamily;
  /** The metadata's `label`. */
  label: string;
  /** The metadata's `schema` (`cus:vehicle`). */
  schema: string;
  /** Fields by name. */
  fields: SchemaField[];
  /** Filters by name. */
  filters: SchemaFilter[];
}

/** One field of a resource. */
export interface SchemaField {
  /** The metadata's `apiName` (or its key). */
  name: string;
  /** The metadata's high-level `type` (`string`, `int16`, `enumeration`, `link`, …). */
  type: string;
  /** The metadata's technical `resType`, when it differs from `type`. */
  resType?: string;
  /** The metadata's `label`. */
  label: string;
  /** Set when the field cannot be written. */
  readOnly: boolean;
  /** Set when a record cannot be created without the field. */
  mandatory: boolean;
  /** The values of an enumeration (the keys of its `values` node). */
  values?: string[];
  /** The resource a link or collection leads to (`resTarget`). */
  target?: string;
  /** The maximum length of a text field. */
  length?: number;
}

/** One filter of a resource, with its parameters (the filter's `metadata` node). */
export interface SchemaFilter {
  /** The name in URLs (`byFuel`). */
  name: string;
  /** The filter's `label`. */
  label: string;
  /** Parameters by name. */
  params: SchemaFilterParam[];
}

/** One parameter of a filter. */
export interface SchemaFilterParam {
  /** The query parameter's name (`fuel_parameter`). */
  name: string;
  /** Its type, as a field's. */
  type: string;
  /** Set when the filter needs it. */
  mandatory: boolean;
  /** The values of an enumeration parameter. */
  values?: string[];
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The schema with every list in its canonical order (resources by family and name, fields, filters, values). */
export function sortSchema(schema: TenantSchema): TenantSchema {
  const sortResource = (r: SchemaResource): SchemaResource => ({
    ...r,
    fields: [...r.fields].sort(byName).map((f) => (f.values ? { ...f, values: [...f.values].sort() } : f)),
    filters: [...r.filters].sort(byName).map((filter) => ({
      ...filter,
      params: [...filter.params]
        .sort(byName)
        .map((p) => (p.values ? { ...p, values: [...p.values].sort() } : p)),
    })),
  });
  return {
    tenant: schema.tenant,
    profile: sortResource(schema.profile),
    service: sortResource(schema.service),
    resources: schema.resources
      .map(sortResource)
      .sort((a, b) => (a.family === b.family ? byName(a, b) : a.family < b.family ? -1 : 1)),
  };
}

/** The JSON snapshot of a schema, to commit beside the generated module and diff in review. */
export function renderSnapshot(schema: TenantSchema): string {
  return `${JSON.stringify(sortSchema(schema), null, 2)}\n`;
}
