import { ConfigurationError, type ConfigurationIssue } from '@campaign-standard/core';

// Campaign reads the segment after a collection (`/profileAndServices/profile/<segment>`) as a
// record key when it starts with `@`, and otherwise as a filter (`byText`), a field projection
// (`email`, whose values of every record come back) or `_count`. A value meant as a key that
// reads as one of the others would silently answer a list or a count instead of the record, so
// keys, filter names and field names are checked before anything is sent.

/** Profile fields a custom key cannot be named after (projections: `/profile/email`). */
const PROFILE_FIELDS = new Set([
  'PKey',
  'href',
  'email',
  'firstName',
  'lastName',
  'middleName',
  'salutation',
  'birthDate',
  'gender',
  'phone',
  'mobilePhone',
  'fax',
  'emailFormat',
  'preferredLanguage',
  'timeZone',
  'externalId',
  'blackList',
  'blackListEmail',
  'blackListMobile',
  'blackListPhone',
  'blackListFax',
  'blackListPostalMail',
  'blackListPushnotification',
  'ccpaOptOut',
  'location',
  'orgUnit',
  'geoUnit',
  'title',
  'age',
  'domain',
  'cryptedId',
  'isExternal',
  'thumbnail',
  'created',
  'lastModified',
  'subscriptions',
]);

/** Built-in filters whose names do not start with `by` (`birthday`: Adobe's filtering page). */
const FILTERS_WITHOUT_BY = new Set(['subscribers', 'birthday']);

/** Segments with a meaning of their own after a collection. */
const RESERVED = new Set(['metadata', 'resourceType']);

/** What a path segment that is not a record key stands for, if it is recognisably something else. */
function otherMeaning(segment: string): string | undefined {
  if (segment === '_count') return 'it is the count of the list (use .count() on a list)';
  if (segment.startsWith('_')) return 'names starting with "_" are Campaign\'s own (_count)';
  if (/^by[A-Z0-9_]/.test(segment) || FILTERS_WITHOUT_BY.has(segment))
    return 'it names a filter, which lists records (use list({ filters }) or customFilters)';
  if (RESERVED.has(segment)) return 'it names the description of the resource (use metadata.get())';
  if (PROFILE_FIELDS.has(segment) || /^cus[A-Z]/.test(segment) || segment.endsWith('LastModified'))
    return 'it names a field, whose value for every record would be listed (use profiles.values())';
  return undefined;
}

/**
 * Why `value` cannot be used as a record key, or `undefined` when it can. Campaign's own keys
 * (`PKey`) start with `@`; where a custom key is accepted (`customKey`, a top-level profile of the
 * extended family), any other value is taken as one unless it names a filter, a field or `_count`.
 */
export function recordKeyProblem(value: string, options: { customKey?: boolean } = {}): string | undefined {
  if (value.startsWith('@')) return undefined;
  const other = otherMeaning(value);
  if (options.customKey) return other ? `"${value}" cannot be a custom key: ${other}` : undefined;
  return `"${value}" is not a record key: Campaign's keys (PKey) start with "@"${other ? `, and ${other}` : ''}`;
}

/** Families whose record keys are Campaign's `@` keys. */
const KEYED_FAMILY = /^\/(profileAndServices|profileAndServicesExt|customResources|privacy)\//;

/** The one path where a custom key stands in for the PKey (help/api/using/must-read.md, custom keys). */
const CUSTOM_KEY_TEMPLATE = '/profileAndServicesExt/profile/{PKey}';

/**
 * Checks the record keys of a path template: every parameter that fills a whole segment and is
 * named `PKey` or `<something>PKey` under the resource families. Missing and empty values are left
 * to the path filling, which reports them.
 */
export function checkPathKeys(template: string, params: Record<string, unknown> | undefined): void {
  if (!params || !KEYED_FAMILY.test(template)) return;
  const issues: ConfigurationIssue[] = [];
  for (const match of template.matchAll(/\/\{(\w*PKey)\}(?=\/|$)/g)) {
    const name = match[1] as string;
    const value = params[name];
    if (typeof value !== 'string' || value === '') continue;
    const problem = recordKeyProblem(value, {
      customKey: template === CUSTOM_KEY_TEMPLATE && name === 'PKey',
    });
    if (problem) issues.push({ field: `params.path.${name}`, problem });
  }
  if (issues.length > 0) throw new ConfigurationError(issues, template);
}

/** Checks a field name for a projection (`/profile/<field>`): a plain name, not a key or a filter. */
export function checkFieldName(field: unknown, where: string): string {
  let problem: string | undefined;
  if (typeof field !== 'string' || field === '') problem = 'is missing';
  else if (field.startsWith('@')) problem = `"${field}" is a record key, not a field (use get())`;
  else if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(field)) problem = `"${field}" is not a field name`;
  else if (field === 'metadata' || /^by[A-Z0-9_]/.test(field) || FILTERS_WITHOUT_BY.has(field))
    problem = `"${field}" is not a field: ${otherMeaning(field)}`;
  if (problem) throw new ConfigurationError([{ field: 'field', problem }], where);
  return field as string;
}
