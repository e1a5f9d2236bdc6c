import { ConfigurationError, type ConfigurationIssue } from '@campaign-standard/core';
import { type ListOptions, listTarget } from './list.js';
import type { QueryParams } from './url.js';

/**
 * {@link listTarget}, after checking that no filter name would reach something else than a
 * filter: a record (`@…`), the count (`_count`), or, for `customFilters`, a name without `by`.
 */
export function checkedListTarget(
  collectionPath: string,
  options: ListOptions,
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
      else if (field === 'customFilters' && !/^by[A-Za-z0-9_]/.test(name))
        issues.push({
          field,
          problem: `"${name}" is not a filter defined in Campaign: their names start with "by"`,
        });
    }
  }
  if (issues.length > 0) throw new ConfigurationError(issues, collectionPath);
  return listTarget(collectionPath, options);
}
