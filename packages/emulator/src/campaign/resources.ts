import { createRandom, hashSeed, pick } from '../rng.js';
import { formatDate, formatTimestamp, type KeyCodec } from './codec.js';
import {
  type CampaignError,
  duplicateKey,
  invalidEnumeration,
  keyChange,
  mandatoryField,
  readOnlyField,
  recordNotFound,
  undecodableKey,
  unknownProperty,
} from './errors.js';
import {
  type FieldDef,
  FUELS,
  HISTORY_FIELDS,
  LOYALTY_FIELDS,
  ORG_UNIT_FIELDS,
  PROFILE_FIELDS,
  SEGMENTS,
  SERVICE_FIELDS,
  STORE_FIELDS,
  VEHICLE_FIELDS,
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

/**
 * One parameter of a filter, as the filter's metadata describes it (help/api/using/filtering.md:
 * the `metadata` node describes the parameters, `data` shows the call with `<param>=$value`).
 */
export interface FilterParam {
  name: string;
  label: string;
  type: FieldDef['type'];
  values?: readonly string[];
  /** Set when the filter cannot be called without it. */
  mandatory?: boolean;
}

/** A resource served under a family: its rows, fields, filters and how to render and change it. */
export interface ResourceDef {
  name: string;
  kind: string;
  label: string;
  schema: string;
  table: Table<Row>;
  fields: readonly FieldDef[];
  filters: Record<string, Filter>;
  /** Custom filters served on the extended family only (`profileAndServicesExt`). */
  extFilters?: readonly string[];
  /** The parameters of each filter, for its metadata (a filter without an entry takes none). */
  filterParams?: Record<string, readonly FilterParam[]>;
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
  readonly vehicles: Table<Row>;
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
    this.vehicles = new Table(VEHICLES.length * 2, (i) => generateVehicle(base, i, this.epoch));
    this.resources = new Map(
      [
        profileDef(this),
        serviceDef(this),
        orgUnitDef(this),
        loyaltyDef(this),
        storeDef(this),
        vehicleDef(this),
      ].map((d) => [d.name, d]),
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
    ...generateExtension(base, i, created),
    orgUnit: i % SEEDED_ORG_UNITS.length,
    created,
    lastModified: created,
  };
}

/**
 * The profile extension's values (`fields.ts`), from their own stream so the other fields of a
 * seeded profile stay what they were before the extension was added.
 */
function generateExtension(base: number, i: number, created: number): Row {
  const h = hashSeed(base, 'extension', i);
  return {
    cusVip: h % 7 === 0,
    cusScore: h % 1000,
    cusLifetimeValue: (h % 100_000) / 100,
    cusSegment: SEGMENTS[h % SEGMENTS.length],
    cusFirstPurchase: i % 5 === 4 ? '' : formatDate(created - (h % 1000) * 86_400_000),
    cusLastVisit: i % 3 === 2 ? '' : created + (h % 100_000) * 1000,
  };
}

const VEHICLES: Array<[string, string, string]> = [
  ['Renault', 'Zoe', 'electric'],
  ['Toyota', 'Prius', 'hybrid'],
  ['Volkswagen', 'Golf', 'petrol'],
  ['Peugeot', '308', 'diesel'],
  ['Tesla', 'Model 3', 'electric'],
];

function generateVehicle(base: number, i: number, epoch: number): Row {
  const [make, model, fuel] = VEHICLES[i % VEHICLES.length]!;
  const h = hashSeed(base, 'vehicle', i);
  return {
    plate: `AB-${String(100 + i).padStart(3, '0')}-CD`,
    make,
    model,
    year: 2012 + (h % 12),
    mileage: (h % 20_000_000) / 100,
    fuel,
    registered: i % 4 === 3 ? '' : formatDate(Date.UTC(2012 + (h % 12), h % 12, 1 + (h % 28))),
    // Every fourth vehicle has no dealer: an empty link reads `{}`.
    dealer: i % 4 === 1 ? null : i % CITIES.length,
    created: epoch + i * 3_600_000,
    lastModified: epoch + i * 3_600_000,
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
      // A custom filter of the profile extension (on the extended family only).
      bySegment: (row, q) =>
        row.cusSegment === q.get('segment_parameter') &&
        (q.get('minScore_parameter') === null || Number(row.cusScore) >= Number(q.get('minScore_parameter'))),
    },
    extFilters: ['bySegment'],
    filterParams: {
      byEmail: [{ name: 'email', label: 'Email', type: 'string', mandatory: true }],
      byText: [
        { name: 'text', label: 'Text', type: 'string', mandatory: true },
        { name: 'filterType', label: 'Field', type: 'string' },
      ],
      byKeysProfile: [{ name: 'email', label: 'Email', type: 'string', mandatory: true }],
      subscribers: [{ name: 'service', label: 'Service', type: 'string', mandatory: true }],
      bySegment: [
        {
          name: 'segment_parameter',
          label: 'Segment',
          type: 'enumeration',
          values: SEGMENTS,
          mandatory: true,
        },
        { name: 'minScore_parameter', label: 'Minimum score', type: 'int32' },
      ],
    },
    render(index, row, base) {
      const { orgUnit, cusCrmId, ...all } = row;
      const rest = Object.fromEntries(Object.entries(all).filter(([key]) => !EXTENSION.has(key)));
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
        for (const field of PROFILE_FIELDS)
          if (EXTENSION.has(field.name)) out[field.name] = extensionValue(field, row[field.name]);
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
        cusVip: false,
        cusScore: 0,
        cusLifetimeValue: 0,
        cusSegment: 'prospect',
        cusFirstPurchase: '',
        cusLastVisit: '',
        orgUnit: 0,
        ...body,
        created: now,
        lastModified: now,
      };
    },
  };
  return def;
}

/** The profile extension's fields beyond `cusCrmId` (stored and shown on the extended family only). */
const EXTENSION = new Set(
  PROFILE_FIELDS.filter(
    (f) => f.ext && f.name.startsWith('cus') && f.name !== 'cusCrmId' && f.type !== 'collection',
  ).map((f) => f.name),
);

/** An extension value as Campaign shows it: a timestamp formatted, an unset value blank. */
function extensionValue(field: FieldDef, value: unknown): unknown {
  if (field.type === 'datetime') return typeof value === 'number' ? formatTimestamp(value) : '';
  return value ?? '';
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
    filterParams: {
      byChannel: [
        { name: 'channel', label: 'Channel', type: 'enumeration', values: ['email', 'sms'], mandatory: true },
      ],
      byText: [{ name: 'text', label: 'Text', type: 'string', mandatory: true }],
      byTargetResource: [
        { name: 'targetResource', label: 'Target resource', type: 'string', mandatory: true },
      ],
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
    filterParams: { byText: [{ name: 'text', label: 'Text', type: 'string', mandatory: true }] },
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
    filterParams: {
      byTier: [
        {
          name: 'tier_parameter',
          label: 'Tier',
          type: 'enumeration',
          values: ['bronze', 'silver', 'gold'],
          mandatory: true,
        },
      ],
    },
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
    filterParams: { byCity: [{ name: 'city_parameter', label: 'City', type: 'string', mandatory: true }] },
    render: (index, row, base) => common(def, index, row, base),
    defaults(body, now) {
      return { name: '', city: '', open: true, ...body, created: now, lastModified: now };
    },
  };
  return def;
}

function vehicleDef(instance: Instance): ResourceDef {
  const def: ResourceDef = {
    name: 'cusVehicle',
    kind: 'cv',
    label: 'Vehicles',
    schema: 'cus:vehicle',
    table: instance.vehicles,
    fields: VEHICLE_FIELDS,
    filters: {
      byFuel: (row, q) => row.fuel === q.get('fuel_parameter'),
      byYearRange: (row, q) => {
        const year = Number(row.year);
        const from = q.get('from_parameter');
        const to = q.get('to_parameter');
        return (from === null || year >= Number(from)) && (to === null || year <= Number(to));
      },
    },
    filterParams: {
      byFuel: [
        { name: 'fuel_parameter', label: 'Fuel', type: 'enumeration', values: FUELS, mandatory: true },
      ],
      byYearRange: [
        { name: 'from_parameter', label: 'From year', type: 'int16' },
        { name: 'to_parameter', label: 'To year', type: 'int16' },
      ],
    },
    render(index, row, base) {
      const { dealer, ...rest } = row;
      const out = common(def, index, rest, base);
      const store = typeof dealer === 'number' ? instance.stores.get(dealer) : undefined;
      if (store && typeof dealer === 'number') {
        const key = base.keys.encode(base.tenant, 'cs', dealer);
        out.dealer = { PKey: key, href: recordHref(base, 'cusStore', key), title: String(store.name) };
      } else out.dealer = {};
      return out;
    },
    defaults(body, now) {
      return {
        make: '',
        model: '',
        year: 0,
        mileage: 0,
        fuel: 'petrol',
        registered: '',
        dealer: null,
        ...body,
        created: now,
        lastModified: now,
      };
    },
  };
  return def;
}

/**
 * Refuses a create body without a value for a field the resource's metadata marks `mandatory` (a
 * string field needs a non-empty string), with the error Campaign gives, in the fields' order.
 */
export function checkMandatoryFields(def: ResourceDef, body: Row): void {
  for (const field of def.fields) {
    if (!field.mandatory) continue;
    const value = body[field.name];
    const missing =
      field.type === 'string'
        ? typeof value !== 'string' || value === ''
        : value === undefined || value === null;
    if (missing) throw mandatoryField(field.name, def.name);
  }
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
export function filtersFor(
  def: Pick<ResourceDef, 'name' | 'filters' | 'extFilters'>,
  base: Base,
): Record<string, Filter> {
  // Most lookups (Campaign Standard, nothing hidden from this family) need no new object per request.
  const hidden = base.family !== 'profileAndServicesExt' && (def.extFilters?.length ?? 0) > 0;
  if (!base.v8 && !hidden) return def.filters;
  return Object.fromEntries(filterEntries(def, base).map(([name, , filter]) => [name, filter]));
}

/**
 * The filters of a resource the family serves (custom filters of the profile extension on the
 * extended family only), each as `[name in URLs, name in the seed, filter]`.
 */
export function filterEntries(
  def: Pick<ResourceDef, 'name' | 'filters' | 'extFilters'>,
  base: Base,
): Array<[string, string, Filter]> {
  const renamed = base.v8 ? V8_CUSTOM_FILTER_NAMES[def.name] : undefined;
  return Object.entries(def.filters)
    .filter(([name]) => base.family === 'profileAndServicesExt' || !def.extFilters?.includes(name))
    .map(([name, filter]) => [renamed?.[name] ?? name, name, filter]);
}

function undecodable(pkey: string, def: { label: string; schema: string }): CampaignError {
  return undecodableKey(pkey, def.label, def.schema);
}

export { HISTORY_FIELDS };
