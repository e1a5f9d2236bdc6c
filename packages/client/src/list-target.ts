import { ConfigurationError, type ConfigurationIssue } from '@campaign-standard/core';
import { type ListOptions, listTarget } from './list.js';
import type { Platform } from './platform.js';
import type { QueryParams } from './url.js';

/**
 * {@link listTarget}, after checking that no filter name would reach something else than a
 * filter: a record (`@…`) or the count (`_count`). Custom filters are named as `platform` calls
 * them (`byTier` on Campaign Standard, its REST name on v8), whichever name was given.
 */
export function checkedListTarget(
  collectionPath: string,
  options: ListOptions,
  platform?: Platform,
): { path: string; query: QueryParams } {
  const issues: ConfigurationIssue[] = [];
  const sets = [
    ['filters', options.filters],
    ['customFilters', options.customFilters],
  ] as const;
  for (const [field, filters] of sets) {
    for (const [name, params] of Object.entries((filters ?? {}) as Record<string, unknown>)) {
      if (params === undefined) continue;
      if (name.startsWith('@'))
        issues.push({ field, problem: `"${name}" is a record key, not a filter (use get())` });
      else if (name.startsWith('_'))
        issues.push({ field, problem: `"${name}" is not a filter (use .count() for _count)` });
      else if (field === 'customFilters' && !/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
        issues.push({ field, problem: `"${name}" is not a filter name` });
    }
  }
  if (issues.length > 0) throw new ConfigurationError(issues, collectionPath);
  const custom = options.customFilters;
  if (!custom) return listTarget(collectionPath, options);
  const resource = decodeURIComponent(collectionPath.slice(collectionPath.lastIndexOf('/') + 1));
  const named: Record<string, QueryParams> = {};
  for (const [name, params] of Object.entries(custom)) {
    const sent = platform ? platform.customFilter(resource, name) : name;
    named[sent] = params;
  }
  return listTarget(collectionPath, { ...options, customFilters: named });
}
