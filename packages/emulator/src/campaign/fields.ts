/** One field of a resource, as the metadata (`resourceType`) describes it and validation uses it. */
export interface FieldDef {
  name: string;
  label: string;
  type:
    | 'string'
    | 'int16'
    | 'int32'
    | 'double'
    | 'boolean'
    | 'date'
    | 'datetime'
    | 'enumeration'
    | 'link'
    | 'collection'
    | 'item';
  length?: number;
  readOnly?: boolean;
  /** A value the record cannot be created without (the metadata's `mandatory`). */
  mandatory?: boolean;
  /** Enumeration values and the enumeration's schema name. */
  values?: readonly string[];
  enumName?: string;
  /** Only on the extended (`profileAndServicesExt`) view. */
  ext?: boolean;
  /** Target resource of a link or collection. */
  target?: string;
  /** The fields of an `item` (an element of the record, such as a profile's `location`). */
  children?: readonly string[];
}

const s = (name: string, label: string, length = 64, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type: 'string',
  length,
  ...extra,
});
const ro = { readOnly: true } as const;

export const GENDERS = ['unknown', 'male', 'female'] as const;
export const EMAIL_FORMATS = ['unknown', 'text', 'html'] as const;
export const LANGUAGES = ['none', 'en_US', 'en_GB', 'fr_FR', 'de_DE', 'es_ES', 'ja_JP'] as const;

const blackListFields = ['', 'Email', 'Mobile', 'Phone', 'Fax', 'PostalMail', 'Pushnotification'].flatMap(
  (suffix): FieldDef[] => [
    { name: `blackList${suffix}`, label: `No longer contact ${suffix || 'by any channel'}`, type: 'boolean' },
    { name: `blackList${suffix}LastModified`, label: 'Last modified', type: 'datetime', readOnly: true },
  ],
);

/** Segments of the profile extension's `cusSegment` enumeration. */
export const SEGMENTS = ['prospect', 'customer', 'vip', 'churned'] as const;

/**
 * The profile extension beyond `cusCrmId`: one field of each kind a tenant's extension holds
 * (flag, whole number, decimal, enumeration, date, timestamp), on the extended family only.
 */
function profileExtension(): FieldDef[] {
  return [
    { name: 'cusVip', label: 'VIP', type: 'boolean', ext: true },
    { name: 'cusScore', label: 'Score', type: 'int32', ext: true },
    { name: 'cusLifetimeValue', label: 'Lifetime value', type: 'double', ext: true },
    {
      name: 'cusSegment',
      label: 'Segment',
      type: 'enumeration',
      values: SEGMENTS,
      enumName: 'cus:recipient:segment',
      ext: true,
    },
    { name: 'cusFirstPurchase', label: 'First purchase', type: 'date', ext: true },
    { name: 'cusLastVisit', label: 'Last visit', type: 'datetime', readOnly: true, ext: true },
  ];
}

/** Profile (`nms:recipient`). */
export const PROFILE_FIELDS: readonly FieldDef[] = [
  s('email', 'Email', 128),
  s('firstName', 'First name', 30),
  s('lastName', 'Last name', 50),
  s('middleName', 'Middle name', 30),
  s('salutation', 'Salutation', 20),
  s('title', 'Title', 255, ro),
  { name: 'birthDate', label: 'Birth date', type: 'date' },
  { name: 'age', label: 'Age', type: 'int16', readOnly: true },
  { name: 'gender', label: 'Gender', type: 'enumeration', values: GENDERS, enumName: 'nms:recipient:gender' },
  s('phone', 'Phone', 32),
  s('mobilePhone', 'Mobile', 32),
  s('fax', 'Fax', 32),
  s('domain', 'Email domain', 255, ro),
  {
    name: 'emailFormat',
    label: 'Email format',
    type: 'enumeration',
    values: EMAIL_FORMATS,
    enumName: 'nms:recipient:emailFormat',
  },
  {
    name: 'preferredLanguage',
    label: 'Preferred language',
    type: 'enumeration',
    values: LANGUAGES,
    enumName: 'nms:recipient:preferredLanguage',
  },
  s('timeZone', 'Time zone', 64),
  s('thumbnail', 'Thumbnail', 255),
  s('cryptedId', 'Encrypted identifier', 255, ro),
  s('externalId', 'External identifier', 100),
  { name: 'isExternal', label: 'External', type: 'boolean' },
  { name: 'created', label: 'Created', type: 'datetime', readOnly: true },
  { name: 'lastModified', label: 'Last modified', type: 'datetime', readOnly: true },
  ...blackListFields,
  { name: 'ccpaOptOut', label: 'CCPA opt-out', type: 'boolean' },
  {
    name: 'location',
    label: 'Location',
    type: 'item',
    children: ['address1', 'address2', 'address3', 'address4', 'city', 'countryCode', 'stateCode', 'zipCode'],
  },
  { name: 'subscriptions', label: 'Subscriptions', type: 'collection', target: 'subscription' },
  { name: 'orgUnit', label: 'Organizational unit', type: 'link', target: 'orgUnitBase', ext: true },
  s('cusCrmId', 'CRM identifier', 64, { ext: true }),
  ...profileExtension(),
  { name: 'cusLoyalty', label: 'Loyalty', type: 'collection', target: 'cusLoyalty', ext: true },
];

/** Service (`nms:service`). */
export const SERVICE_FIELDS: readonly FieldDef[] = [
  s('name', 'Name', 64),
  s('label', 'Label', 128),
  s('publicLabel', 'Public label', 128),
  s('title', 'Title', 255, ro),
  s('desc', 'Description', 512),
  {
    name: 'messageType',
    label: 'Channel',
    type: 'enumeration',
    values: ['email', 'sms'],
    enumName: 'nms:service:messageType',
  },
  {
    name: 'mode',
    label: 'Mode',
    type: 'enumeration',
    values: ['newsletter', 'viral'],
    enumName: 'nms:service:mode',
  },
  { name: 'start', label: 'Start', type: 'date' },
  { name: 'end', label: 'End', type: 'date' },
  { name: 'builtIn', label: 'Built-in', type: 'boolean', readOnly: true },
  { name: 'isTemplate', label: 'Template', type: 'boolean' },
  s('targetResource', 'Target resource', 64),
  { name: 'created', label: 'Created', type: 'datetime', readOnly: true },
  { name: 'lastModified', label: 'Last modified', type: 'datetime', readOnly: true },
  { name: 'subscriptions', label: 'Subscriptions', type: 'collection', target: 'subscription' },
];

/** Marketing history (`nms:recipient` seen through its history). */
export const HISTORY_FIELDS: readonly FieldDef[] = [
  ...PROFILE_FIELDS.filter((f) => !f.ext && f.name !== 'subscriptions'),
  { name: 'countBroadLogEvents', label: 'Messages', type: 'int16', readOnly: true },
  { name: 'countSubHistoEvents', label: 'Subscription events', type: 'int16', readOnly: true },
  { name: 'events', label: 'Events', type: 'collection', target: 'subHisto' },
];

/** Organizational unit (`xtk:orgUnit`). */
export const ORG_UNIT_FIELDS: readonly FieldDef[] = [
  s('name', 'Name', 64),
  s('label', 'Label', 128),
  s('desc', 'Description', 512),
  s('title', 'Title', 255, ro),
  s('parentTitle', 'Parent', 255, ro),
  { name: 'created', label: 'Created', type: 'datetime', readOnly: true },
  { name: 'lastModified', label: 'Last modified', type: 'datetime', readOnly: true },
];

/** `cusLoyalty`: a custom resource linked to profile. */
export const LOYALTY_FIELDS: readonly FieldDef[] = [
  {
    name: 'tier',
    label: 'Tier',
    type: 'enumeration',
    values: ['bronze', 'silver', 'gold'],
    enumName: 'cus:loyalty:tier',
  },
  { name: 'points', label: 'Points', type: 'int16' },
  { name: 'profile', label: 'Profile', type: 'link', target: 'profile' },
  { name: 'created', label: 'Created', type: 'datetime', readOnly: true },
  { name: 'lastModified', label: 'Last modified', type: 'datetime', readOnly: true },
];

/** `cusStore`: a custom resource not linked to profile. */
export const STORE_FIELDS: readonly FieldDef[] = [
  s('name', 'Name', 64),
  s('city', 'City', 64),
  { name: 'open', label: 'Open', type: 'boolean' },
  { name: 'created', label: 'Created', type: 'datetime', readOnly: true },
  { name: 'lastModified', label: 'Last modified', type: 'datetime', readOnly: true },
];

/** Fuel kinds of the `cusVehicle` enumeration. */
export const FUELS = ['petrol', 'diesel', 'electric', 'hybrid'] as const;

/**
 * `cusVehicle`: a custom resource not linked to profile, with a mandatory key-like field, an
 * enumeration, numbers, a date and a link to another custom resource (the selling store).
 */
export const VEHICLE_FIELDS: readonly FieldDef[] = [
  s('plate', 'Plate', 16, { mandatory: true }),
  s('make', 'Make', 64),
  s('model', 'Model', 64),
  { name: 'year', label: 'Year', type: 'int16' },
  { name: 'mileage', label: 'Mileage', type: 'double' },
  { name: 'fuel', label: 'Fuel', type: 'enumeration', values: FUELS, enumName: 'cus:vehicle:fuel' },
  { name: 'registered', label: 'Registered', type: 'date' },
  { name: 'dealer', label: 'Dealer', type: 'link', target: 'cusStore' },
  { name: 'created', label: 'Created', type: 'datetime', readOnly: true },
  { name: 'lastModified', label: 'Last modified', type: 'datetime', readOnly: true },
];
