import { createRandom, hashSeed, pick } from '../rng.js';
import { formatDate, formatTimestamp, type KeyCodec } from './codec.js';
import {
  type CampaignError,
  duplicateKey,
  invalidEnumeration,
  keyChange,
  readOnlyField,
  recordNotFound,
  undecodableKey,
  unknownProperty,
} from './errors.js';
import {
  type FieldDef,
  HISTORY_FIELDS,
  LOYALTY_FIELDS,
  ORG_UNIT_FIELDS,
  PROFILE_FIELDS,
  SERVICE_FIELDS,
  STORE_FIELDS,
} from './fields.js';
import { Table } from './table.js';
import { isDropped, isExtendedOnly, V8_CUSTOM_FILTER_NAMES, type V8Settings } from './v8.js';

/** A stored record: open to any extra field, as Campaign records are. */
export type Row = Record<string, unknown>;

/** The URL parts records are rendered with. */
export interface Base {
  /** `http://host:port/<tenant>/campaign`. */
  campaign: string;
  tenant: string;
  keys: KeyCodec;
  /** `profileAndServices`, `profileAndServicesExt` or `customResources`. */
  family: string;
  /** Campaign's `XtkBigTableThreshold`: lists of larger tables omit `next` unless `_forcePagination=true`. */
  bigTableThreshold?: number;
  /** Set when the instance is a Campaign v8 one (a migrated Campaign Standard tenant, `v8.ts`). */
  v8?: V8Settings | undefined;
}

/** A filter usable as a path segment (`/profile/byEmail?email=`). */
export type Filter = (row: Row, params: URLSearchParams) => boolean;

/** A resource served under a family: its rows, fields, filters and how to render and change it. */
export interface ResourceDef {
  name: string;
  kind: string;
  label: string;
  schema: string;
  table: Table<Row>;
  fields: readonly FieldDef[];
  filters: Record<string, Filter>;
  /** For filters that pin rows down (`byEmail`), the seeded indexes that can match. */
  candidates?: (filters: string[], params: URLSearchParams) => number[] | undefined;
  /** A unique key field whose value cannot change (`name` of a service). */
  keyField?: string;
  render(index: number, row: Row, base: Base): Row;
  /** Fills defaults of a record created through the API. */
  defaults(body: Row, now: number, instance: Instance): Row;
}

const FIRST = [
  'John',
  'Amy',
  'Carlos',
  'Mei',
  'Fatima',
  'Lukas',
  'Anna',
  'Kenji',
  'Olivia',
  'Noah',
  'Sofia',
  'Liam',
];
const LAST = [
  'Doe',
  'Dakota',
  'Garcia',
  'Chen',
  'Haddad',
  'Muller',
  'Varney',
  'Sato',
  'Smith',
  'Brown',
  'Rossi',
];
const CITIES: Array<[string, string]> = [
  ['Paris', 'FR'],
  ['London', 'GB'],
  ['San Jose', 'US'],
  ['Berlin', 'DE'],
  ['Tokyo', 'JP'],
  ['Madrid', 'ES'],
];
const DOMAINS = ['example.com', 'mail.example.org', 'example.net'];

/** Data of one instance (a tenant, or its `-mkt-stage` twin). */
export class Instance {
  readonly profiles: Table<Row>;
  readonly services: Table<Row>;
  readonly subscriptions: Table<Row>;
  readonly orgUnits: Table<Row>;
  readonly loyalty: Table<Row>;
  readonly stores: Table<Row>;
  readonly resources: Map<string, ResourceDef>;
  /** Start of the seeded timeline. */
  readonly epoch: number;

  constructor(
    readonly tenant: string,
    readonly seed: number,
    profileCount: number,
  ) {
    const base = hashSeed(seed, tenant);
    this.epoch = Date.UTC(2019, 0, 1) + (base % 86_400) * 1000;
    this.profiles = new Table(profileCount, (i) => generateProfile(base, i, this.epoch));
    this.services = new Table(SEEDED_SERVICES.length, (i) => ({
      ...SEEDED_SERVICES[i]!,
      created: this.epoch - 86_400_000 * (30 - i),
      lastModified: this.epoch - 86_400_000 * (30 - i),
    }));
    // Every third seeded profile is subscribed to one seeded service.
    this.subscriptions = new Table(Math.ceil(profileCount / 3), (j) => ({
      profile: 3 * j,
      service: (3 * j) % SEEDED_SERVICES.length,
      created: this.epoch + 3 * j * 60_000 + 30_000,
    }));
    this.orgUnits = new Table(SEEDED_ORG_UNITS.length, (i) => ({
      ...SEEDED_ORG_UNITS[i]!,
      created: this.epoch - 86_400_000 * 60,
      lastModified: this.epoch - 86_400_000 * 60,
    }));
    this.loyalty = new Table(Math.min(profileCount, 20), (i) => ({
      tier: ['bronze', 'silver', 'gold'][i % 3],
      points: (hashSeed(base, 'loyalty', i) % 5000) + 10,
      profile: i,
      created: this.epoch + i * 60_000 + 45_000,
      lastModified: this.epoch + i * 60_000 + 45_000,
    }));
    this.stores = new Table(CITIES.length, (i) => ({
      name: `store${i + 1}`,
      city: CITIES[i]![0],
      open: i % 4 !== 3,
      created: this.epoch,
      lastModified: this.epoch,
    }));
    this.resources = new Map(
      [profileDef(this), serviceDef(this), orgUnitDef(this), loyaltyDef(this), storeDef(this)].map((d) => [
        d.name,
        d,
      ]),
    );
  }
}

function generateProfile(base: number, i: number, epoch: number): Row {
  const random = createRandom(hashSeed(base, 'profile', i));
  const firstName = pick(random, FIRST);
  const lastName = pick(random, LAST);
  const domain = pick(random, DOMAINS);
  const [city, countryCode] = pick(random, CITIES);
  const created = epoch + i * 60_000 + Math.floor(random() * 59_000);
  const birth = Date.UTC(
    1950 + Math.floor(random() * 50),
    Math.floor(random() * 12),
    1 + Math.floor(random() * 28),
  );
  const g = random();
  return {
    email: `${firstName}.${lastName}${i}@${domain}`.toLowerCase(),
    firstName,
    lastName,
    middleName: '',
    salutation: '',
    birthDate: formatDate(birth),
    gender: g < 0.45 ? 'female' : g < 0.9 ? 'male' : 'unknown',
    phone: '',
    mobilePhone: `+1555${String(1_000_000 + i).slice(-7)}`,
    fax: '',
    emailFormat: 'unknown',
    preferredLanguage: 'none',
    timeZone: 'none',
    thumbnail: '',
    externalId: '',
    isExternal: false,
    ccpaOptOut: random() < 0.05,
    blackListEmail: random() < 0.05,
    location: {
      address1: '',
      address2: '',
      address3: '',
      address4: '',
      city,
      countryCode,
      stateCode: '',
      zipCode: '',
    },
    cusCrmId: `CRM${String(i).padStart(7, '0')}`,
    orgUnit: i % SEEDED_ORG_UNITS.length,
    created,
    lastModified: created,
  };
}

const SEEDED_SERVICES: Row[] = [
  ['SVC1', 'Sport Newsletter', 'email'],
  ['SVC2', 'Weekly Deals', 'email'],
  ['SVC3', 'Store Alerts', 'sms'],
  ['SVC4', 'Product News', 'email'],
  ['SVC5', 'Flash Sales', 'sms'],
].map(([name, label, messageType]) => ({
  name,
  label,
  publicLabel: label,
  desc: '',
  messageType,
  mode: 'newsletter',
  start: '',
  end: '',
  builtIn: false,
  isTemplate: false,
  targetResource: 'profile',
}));

const SEEDED_ORG_UNITS: Row[] = [
  ['all', 'All', ''],
  ['brand1', 'Brand 1', 'All (all)'],
  ['brand2', 'Brand 2', 'All (all)'],
  ['brand3', 'Brand 3', 'All (all)'],
  ['brand4', 'Brand 4', 'All (all)'],
].map(([name, label, parentTitle]) => ({ name, label, desc: '', parentTitle }));

/** The href of a record. */
export function recordHref(base: Base, resource: string, pkey: string): string {
  return `${base.campaign}/${base.family}/${resource}/${pkey}`;
}

function common(def: { name: string; kind: string }, index: number, row: Row, base: Base): Row {
  const PKey = base.keys.encode(base.tenant, def.kind, index);
  const out: Row = { PKey, ...row, href: recordHref(base, def.name, PKey) };
  for (const key of ['created', 'lastModified'])
    if (typeof out[key] === 'number') out[key] = formatTimestamp(out[key] as number);
  // Campaign v8: "When using a dropped field, REST APIs will return blank values."
  if (base.v8) for (const key of Object.keys(out)) if (isDropped(base.v8, def.name, key)) out[key] = '';
  return out;
}

function ageOf(birthDate: unknown): number | string {
  if (typeof birthDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return '';
  const now = new Date();
  const birth = new Date(`${birthDate}T00:00:00Z`);
  let age = now.getUTCFullYear() - birth.getUTCFullYear();
  if (now.getUTCMonth() * 100 + now.getUTCDate() < birth.getUTCMonth() * 100 + birth.getUTCDate()) age--;
  return age;
}

const textMatch = (needle: string | null, ...values: unknown[]) =>
  needle !== null && values.some((v) => typeof v === 'string' && v.startsWith(needle));

function profileDef(instance: Instance): ResourceDef {
  const def: ResourceDef = {
    name: 'profile',
    kind: 'p',
    label: 'Profiles',
    schema: 'nms:recipient',
    table: instance.profiles,
    fields: PROFILE_FIELDS,
    // Seeded e-mail addresses end with the row index, so `byEmail` needs no scan.
    candidates(filters, params) {
      if (!filters.includes('byEmail') && !filters.includes('byKeysProfile')) return undefined;
      const index = /(\d+)@/.exec(params.get('email') ?? '')?.[1];
      return index === undefined ? [] : [Number(index)];
    },
    filters: {
      byEmail: (row, q) => row.email === q.get('email'),
      byText: (row, q) => {
        const field = q.get('filterType');
        return field
          ? textMatch(q.get('text'), row[field])
          : textMatch(q.get('text'), row.email, row.lastName);
      },
      byKeysProfile: (row, q) => row.email === q.get('email'),
      subscribers: (row, q) => {
        const service = q.get('service');
        return service !== null && subscribedTo(instance, row, service);
      },
    },
    render(index, row, base) {
      const { orgUnit, cusCrmId, ...rest } = row;
      const out = common(def, index, rest, base);
      const ext = base.family === 'profileAndServicesExt';
      out.age = ageOf(row.birthDate);
      out.title = [row.firstName, row.lastName].filter(Boolean).join(' ') || String(row.email ?? '');
      out.domain = typeof row.email === 'string' ? (row.email.split('@')[1] ?? '') : '';
      out.cryptedId = '';
      for (const f of PROFILE_FIELDS)
        if (f.type === 'boolean' && out[f.name] === undefined && !f.ext) out[f.name] = false;
        else if (f.name.endsWith('LastModified') && out[f.name] === undefined) out[f.name] = '';
      out.subscriptions = { href: `${out.href}/subscriptions/` };
      // Campaign v8 shows the time zone on the extended view only ("Profile - Timezone").
      if (!ext && isExtendedOnly(base.v8, def.name, { name: 'timeZone' })) delete out.timeZone;
      if (ext) {
        out.cusCrmId = cusCrmId ?? '';
        const ou = typeof orgUnit === 'number' ? instance.orgUnits.get(orgUnit) : undefined;
        if (ou && typeof orgUnit === 'number') {
          const ouKey = base.keys.encode(base.tenant, 'o', orgUnit);
          out.orgUnit = {
            PKey: ouKey,
            href: recordHref(base, 'orgUnitBase', ouKey),
            title: `${ou.label} (${ou.name})`,
          };
        } else out.orgUnit = {};
        out.cusLoyalty = { href: `${out.href}/cusLoyalty/` };
      }
      return out;
    },
    defaults(body, now) {
      return {
        email: '',
        firstName: '',
        lastName: '',
        middleName: '',
        salutation: '',
        birthDate: '',
        gender: 'unknown',
        phone: '',
        mobilePhone: '',
        fax: '',
        emailFormat: 'unknown',
        preferredLanguage: 'none',
        timeZone: 'none',
        thumbnail: '',
        externalId: '',
        isExternal: false,
        ccpaOptOut: false,
        blackListEmail: false,
        location: {
          address1: '',
          address2: '',
          address3: '',
          address4: '',
          city: '',
          countryCode: '',
          stateCode: '',
          zipCode: '',
        },
        cusCrmId: '',
        orgUnit: 0,
        ...body,
        created: now,
        lastModified: now,
      };
    },
  };
  return def;
}

function subscribedTo(instance: Instance, profile: Row, servicePKeyOrName: string): boolean {
  for (const [, sub] of instance.subscriptions.scan()) {
    const service = instance.services.get(sub.service as number);
    if (!service) continue;
    if (service.name === servicePKeyOrName && instance.profiles.get(sub.profile as number) === profile)
      return true;
  }
  return false;
}

function serviceDef(instance: Instance): ResourceDef {
  const def: ResourceDef = {
    name: 'service',
    kind: 's',
    label: 'Services',
    schema: 'nms:service',
    table: instance.services,
    fields: SERVICE_FIELDS,
    keyField: 'name',
    filters: {
      byChannel: (row, q) => row.messageType === q.get('channel'),
      byText: (row, q) =>
        textMatch(q.get('text'), row.label, row.name, String(row.label ?? '').toLowerCase()),
      byTargetResource: (row, q) => row.targetResource === q.get('targetResource'),
    },
    render(index, row, base) {
      const out = common(def, index, row, base);
      out.title = `${row.label} (${row.name})`;
      out.subscriptions = { href: `${out.href}/subscriptions/` };
      return out;
    },
    defaults(body, now, inst) {
      const name = typeof body.name === 'string' && body.name ? body.name : `SVC${inst.services.end + 1}`;
      for (const [, row] of inst.services.scan())
        if (row.name === name) throw duplicateKey('Service', 'nmsservice_name', name);
      return {
        label: name,
        publicLabel: '',
        desc: '',
        messageType: 'email',
        mode: 'newsletter',
        start: '',
        end: '',
        isTemplate: false,
        targetResource: 'profile',
        ...body,
        name,
        builtIn: false,
        created: now,
        lastModified: now,
      };
    },
  };
  return def;
}

function orgUnitDef(instance: Instance): ResourceDef {
  const def: ResourceDef = {
    name: 'orgUnitBase',
    kind: 'o',
    label: 'Organizational units',
    schema: 'xtk:orgUnit',
    table: instance.orgUnits,
    fields: ORG_UNIT_FIELDS,
    keyField: 'name',
    filters: { byText: (row, q) => textMatch(q.get('text'), row.name, row.label) },
    render(index, row, base) {
      const out = common(def, index, row, base);
      out.title = `${row.label} (${row.name})`;
      return out;
    },
    defaults(body, now) {
      return { desc: '', parentTitle: 'All (all)', ...body, created: now, lastModified: now };
    },
  };
  return def;
}

function loyaltyDef(instance: Instance): ResourceDef {
  const def: ResourceDef = {
    name: 'cusLoyalty',
    kind: 'cl',
    label: 'Loyalty',
    schema: 'cus:loyalty',
    table: instance.loyalty,
    fields: LOYALTY_FIELDS,
    filters: { byTier: (row, q) => row.tier === q.get('tier_parameter') },
    render(index, row, base) {
      const { profile, ...rest } = row;
      const out = common(def, index, rest, base);
      if (typeof profile === 'number' && instance.profiles.get(profile)) {
        const key = base.keys.encode(base.tenant, 'p', profile);
        out.profile = { PKey: key, href: recordHref(base, 'profile', key) };
      } else out.profile = {};
      return out;
    },
    defaults(body, now) {
      return { tier: 'bronze', points: 0, ...body, created: now, lastModified: now };
    },
  };
  return def;
}

function storeDef(instance: Instance): ResourceDef {
  const def: ResourceDef = {
    name: 'cusStore',
    kind: 'cs',
    label: 'Stores',
    schema: 'cus:store',
    table: instance.stores,
    fields: STORE_FIELDS,
    filters: { byCity: (row, q) => row.city === q.get('city_parameter') },
    render: (index, row, base) => common(def, index, row, base),
    defaults(body, now) {
      return { name: '', city: '', open: true, ...body, created: now, lastModified: now };
    },
  };
  return def;
}

/**
 * Checks the fields of a create or update body against the resource as `family` shows it, field by
 * field in the body's order, and throws the error Campaign gives: a field the resource does not have
 * (extended fields are not part of `/profileAndServices`, help/api/using/endpoints.md), a read-only
 * one (help/api/using/troubleshooting.md), a value outside an enumeration. `PKey` and `href` are
 * ignored, as in the records the API itself returns. The body is checked before the record the URL
 * names is looked up: a bad body is reported as such whatever the path.
 */
export function validateBody(def: ResourceDef, body: Row, family: string, v8?: V8Settings): void {
  for (const [key, value] of Object.entries(body)) {
    if (key === 'PKey' || key === 'href') continue;
    const field = def.fields.find(
      (f) => f.name === key && !(family === 'profileAndServices' && isExtendedOnly(v8, def.name, f)),
    );
    if (!field) throw unknownProperty(key, def.name);
    if (field.readOnly) throw readOnlyField(key, def.name);
    if (field.type === 'enumeration' && !field.values?.includes(String(value)))
      throw invalidEnumeration(value, field.enumName ?? `${def.schema}:${key}`, key);
    if (field.children && value && typeof value === 'object' && !Array.isArray(value))
      for (const child of Object.keys(value))
        if (!field.children.includes(child)) throw unknownProperty(child, def.name);
  }
}

/** Throws Campaign's RST-360012 when an update changes the record's key field (a service's `name`). */
export function checkKeyChange(def: ResourceDef, body: Row, existing: Row): void {
  const keyField = def.keyField;
  if (keyField && keyField in body && body[keyField] !== existing[keyField])
    throw keyChange(def.name, String(existing[keyField]), String(body[keyField]));
}

/** The index a PKey stands for, for a resource of this instance; throws 500/404 like Campaign. */
export function indexOf(
  base: Base,
  def: { kind: string; label: string; schema: string; name: string },
  pkey: string,
): number {
  const decoded = base.keys.decode(pkey);
  if (!decoded || decoded.tenant !== base.tenant) throw undecodable(pkey, def);
  if (decoded.kind !== def.kind) throw recordNotFound(def.label, pkey, def.name);
  return Number(decoded.id);
}

/**
 * The filters of a resource as the instance names them in URLs. Campaign Standard calls custom
 * filters `by<Name>`; Campaign v8 calls them by their "Filter name in REST API", as is, and has no
 * `by` form of them (`v8.ts`, {@link V8_CUSTOM_FILTER_NAMES}). Out-of-the-box filters keep their
 * names on both.
 */
export function filtersFor(def: Pick<ResourceDef, 'name' | 'filters'>, base: Base): Record<string, Filter> {
  const renamed = base.v8 ? V8_CUSTOM_FILTER_NAMES[def.name] : undefined;
  if (!renamed) return def.filters;
  const out: Record<string, Filter> = {};
  for (const [name, filter] of Object.entries(def.filters)) out[renamed[name] ?? name] = filter;
  return out;
}

function undecodable(pkey: string, def: { label: string; schema: string }): CampaignError {
  return undecodableKey(pkey, def.label, def.schema);
}

export { HISTORY_FIELDS };
