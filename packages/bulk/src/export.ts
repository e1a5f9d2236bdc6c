import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { resolve } from 'node:path';
import type { CampaignClient, QueryParams } from '@campaign-standard/client';
import {
  ConfigurationError,
  createRecord,
  isCampaignSdkError,
  isForbiddenKey,
} from '@campaign-standard/core';
import { CheckpointError } from './errors.js';
import type { Durability } from './journal.js';
import { type BulkResource, collectionOf } from './resource.js';

/** Formats of {@link exportRecords}. */
export type ExportFormat = 'ndjson' | 'csv' | 'json';

/** Options of {@link exportRecords}. */
export interface ExportOptions {
  /** The client to read with. */
  client: CampaignClient;
  /**
   * What to export: a resource (see {@link BulkResource}), or `{ path }`, any collection path or
   * href of the instance, filters included (`/profileAndServices/profile/byText`).
   */
  resource:
    | BulkResource
    | {
        /** A collection path or href of the instance, e.g. `/profileAndServices/profile/byText`. */
        path: string;
      };
  /** Query parameters of the first page: filter parameters, `_order`, … */
  query?: QueryParams;
  /** The file written. */
  output: string;
  /**
   * `ndjson` (one record per line), `json` (one array), or `csv` (a header row, nested fields
   * flattened with dotted names). By default from the output's extension, else `ndjson`.
   */
  format?: ExportFormat;
  /**
   * CSV columns, dotted for nested fields (`location.city`). By default the fields of the first
   * record, flattened; fields of later records that are not columns are left out.
   */
  columns?: readonly string[];
  /**
   * Records per page (`_lineCount`).
   * @defaultValue 100
   */
  pageSize?: number;
  /**
   * The checkpoint's path, or `false` for none (no resume).
   * @defaultValue `<output>.checkpoint.json`
   */
  checkpoint?: string | false;
  /**
   * Continue the export of an existing checkpoint: the output is cut back to its length at the
   * checkpoint, and reading goes on from the saved page. Without a checkpoint, starts afresh.
   * @defaultValue false
   */
  resume?: boolean;
  /** Stops the export: the page being read is dropped, the output and checkpoint stay consistent. */
  signal?: AbortSignal;
  /**
   * `process`: the output is written with `write(2)` before the checkpoint is saved (atomically,
   * by rename), which survives a killed process; `system` also flushes both to the disk
   * (`fdatasync`) before the checkpoint moves on, which survives a power loss.
   * @defaultValue 'process'
   */
  durability?: Durability;
  /** Called after each page is written and checkpointed. */
  onProgress?: (event: ExportProgressEvent) => void;
}

/** A page was written and checkpointed. */
export interface ExportProgressEvent {
  /** Always `page`. */
  type: 'page';
  /** Pages written so far (all runs). */
  pages: number;
  /** Records written so far (all runs). */
  records: number;
  /** The output's length in bytes. */
  bytes: number;
}

/** The result of {@link exportRecords}. */
export interface ExportResult {
  /** `completed`: the output holds every record; `stopped`: by the signal; `failed`: see `error`. */
  status: 'completed' | 'stopped' | 'failed';
  /** Records in the output (all runs). */
  records: number;
  /** Records written by this run. */
  recordsThisRun: number;
  /** Pages written (all runs). */
  pages: number;
  /** The output file. */
  output: string;
  /** The checkpoint file, if any. */
  checkpoint: string | undefined;
  /** How long this run took. */
  durationMs: number;
  /** Why the export failed. */
  error?: Error | undefined;
  /** For a stopped or failed export with a checkpoint: how to continue it. */
  resumeHint?: string | undefined;
}

/** The checkpoint file (JSON). */
export interface ExportCheckpoint {
  /** The format's version. */
  version: 1;
  /** What is exported; a resume must match. */
  export: {
    /** The first page's path and query. */
    list: string;
    /** The output's absolute path. */
    output: string;
    /** The output's format. */
    format: ExportFormat;
    /** The CSV columns, once known. */
    columns: string[] | undefined;
  };
  /** The href of the next page to read, or `null` when the last page is written. */
  nextHref: string | null;
  /** The output's length after the last complete page. */
  bytes: number;
  /** Records in the output. */
  records: number;
  /** Pages written. */
  pages: number;
  /** Whether the output is complete. */
  complete: boolean;
  /** When the checkpoint was saved (ISO 8601). */
  savedAt: string;
}

function formatFor(output: string, format: ExportFormat | undefined): ExportFormat {
  if (format) return format;
  const lower = output.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return 'ndjson';
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The dotted names of a record's scalar fields (nested objects flattened). */
export function flattenNames(record: Record<string, unknown>, prefix = ''): string[] {
  const names: string[] = [];
  for (const key of Object.keys(record)) {
    if (isForbiddenKey(key)) continue;
    const value = record[key];
    if (isPlain(value) && Object.keys(value).length > 0)
      names.push(...flattenNames(value, `${prefix}${key}.`));
    else names.push(`${prefix}${key}`);
  }
  return names;
}

function valueAt(record: unknown, path: readonly string[]): unknown {
  let current = record;
  for (const segment of path) {
    if (!isPlain(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/** One CSV field: quoted when it holds a delimiter, a quote, a line break or edge spaces. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function writeAll(fd: number, text: string): number {
  const bytes = Buffer.from(text);
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  return bytes.length;
}

function saveCheckpoint(path: string, checkpoint: ExportCheckpoint, sync: boolean): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeAll(fd, `${JSON.stringify(checkpoint, null, 2)}\n`);
    if (sync) fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

function readCheckpoint(path: string): ExportCheckpoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CheckpointError(
      'corrupt',
      `The checkpoint ${path} cannot be read: ${(error as Error).message}`,
      path,
    );
  }
  const c = parsed as Partial<ExportCheckpoint>;
  if (
    c?.version !== 1 ||
    !c.export ||
    typeof c.bytes !== 'number' ||
    typeof c.records !== 'number' ||
    typeof c.pages !== 'number' ||
    !(typeof c.nextHref === 'string' || c.nextHref === null)
  ) {
    throw new CheckpointError('corrupt', `${path} is not an export checkpoint of this version`, path);
  }
  return c as ExportCheckpoint;
}

/**
 * Exports every record of a list to a file, page by page in constant memory (the client's
 * pagination: big tables included, `PaginationError` rather than a silent short list). After each
 * page is written, a checkpoint saves the next page's href and the output's length, so a killed
 * export resumes where it stopped (`resume: true`): the output is cut back to the checkpoint and
 * reading goes on from the saved href. The output holds each record exactly once, and a `json`
 * output is a valid array once complete.
 *
 * @example
 * ```ts
 * const result = await exportRecords({ client, resource: 'profile', output: 'profiles.ndjson', resume: true });
 * ```
 *
 * @throws CheckpointError when the checkpoint exists without `resume`, or belongs to another export.
 * @throws ConfigurationError for invalid options.
 */
export async function exportRecords(options: ExportOptions): Promise<ExportResult> {
  const started = Date.now();
  const { client } = options;
  const issues: Array<{ field: string; problem: string }> = [];
  if (!client || typeof client.list !== 'function')
    issues.push({ field: 'client', problem: 'must be a CampaignClient (createCampaignClient)' });
  if (typeof options.output !== 'string' || options.output === '')
    issues.push({ field: 'output', problem: 'must be a file path' });
  const pageSize = options.pageSize ?? 100;
  if (!(Number.isSafeInteger(pageSize) && pageSize > 0))
    issues.push({ field: 'pageSize', problem: 'must be a whole number of records, 1 or more' });
  if (issues.length > 0) throw new ConfigurationError(issues, 'exportRecords');
  const resource = options.resource;
  const path =
    typeof resource === 'object' &&
    resource !== null &&
    'path' in resource &&
    typeof resource.path === 'string'
      ? resource.path
      : collectionOf(resource as BulkResource, 'exportRecords');
  const output = resolve(options.output);
  const format = formatFor(output, options.format);
  const sync = options.durability === 'system';
  const checkpointPath =
    options.checkpoint === false ? undefined : (options.checkpoint ?? `${output}.checkpoint.json`);
  const query = { ...options.query, _lineCount: pageSize };
  const list = `${path}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`;

  let checkpoint: ExportCheckpoint | undefined;
  const existing = checkpointPath !== undefined && existsSync(checkpointPath);
  if (existing && !options.resume) {
    throw new CheckpointError('exists', `A checkpoint already exists at ${checkpointPath}`, checkpointPath!, {
      hint: 'Resume the export (resume: true, acs --resume) or remove the checkpoint to start again.',
    });
  }
  if (existing) {
    checkpoint = readCheckpoint(checkpointPath!);
    const was = checkpoint.export;
    if (was.list !== list || was.output !== output || was.format !== format) {
      throw new CheckpointError(
        'mismatch',
        `The checkpoint ${checkpointPath} belongs to another export (${was.format} of ${was.list} to ${was.output})`,
        checkpointPath!,
        {
          hint: 'Resume with the same resource, query, page size, output and format, or use another checkpoint path.',
        },
      );
    }
    if (checkpoint.complete) {
      return {
        status: 'completed',
        records: checkpoint.records,
        recordsThisRun: 0,
        pages: checkpoint.pages,
        output,
        checkpoint: checkpointPath,
        durationMs: Date.now() - started,
      };
    }
  }

  const columns = checkpoint?.export.columns ?? (options.columns ? [...options.columns] : undefined);
  const fd = openSync(output, checkpoint ? 'r+' : 'w', 0o644);
  let records = checkpoint?.records ?? 0;
  let pages = checkpoint?.pages ?? 0;
  let bytes = 0;
  let recordsThisRun = 0;
  let currentColumns = columns;
  const save = (nextHref: string | null, complete: boolean) => {
    if (sync) fdatasyncSync(fd);
    const state: ExportCheckpoint = {
      version: 1,
      export: { list, output, format, columns: currentColumns },
      nextHref,
      bytes,
      records,
      pages,
      complete,
      savedAt: new Date().toISOString(),
    };
    if (checkpointPath) saveCheckpoint(checkpointPath, state, sync);
  };
  try {
    if (checkpoint) {
      const size = fstatSync(fd).size;
      if (size < checkpoint.bytes) {
        throw new CheckpointError(
          'output-short',
          `${output} holds ${size} bytes, fewer than the ${checkpoint.bytes} of the checkpoint: it was changed since`,
          checkpointPath!,
          { hint: 'Remove the checkpoint and export again.' },
        );
      }
      // Whatever was written after the last checkpoint (a page cut by the crash, a closing bracket) goes.
      ftruncateSync(fd, checkpoint.bytes);
      bytes = checkpoint.bytes;
    } else {
      if (format === 'json') bytes += writeAll(fd, '[');
      if (format === 'csv' && currentColumns)
        bytes += writeAll(fd, `${currentColumns.map(csvField).join(',')}\n`);
      save(list, false);
    }
    // `null`: the last page was written, only the end of the file is missing.
    const start = checkpoint ? checkpoint.nextHref : list;
    // Writes go at the end (the file was cut back to the checkpoint's length).
    const append = (text: string) => {
      const buffer = Buffer.from(text);
      let offset = 0;
      while (offset < buffer.length)
        offset += writeSync(fd, buffer, offset, buffer.length - offset, bytes + offset);
      bytes += buffer.length;
    };
    const reading =
      start === null ? [] : client.list<Record<string, unknown>>(start, { signal: options.signal }).pages();
    for await (const page of reading) {
      const parts: string[] = [];
      for (const item of page.items) {
        const record = isPlain(item) ? item : createRecord();
        if (format === 'ndjson') parts.push(`${JSON.stringify(item)}\n`);
        else if (format === 'json')
          parts.push(`${records + parts.length === 0 ? '\n' : ',\n'}${JSON.stringify(item)}`);
        else {
          if (!currentColumns) {
            currentColumns = flattenNames(record);
            parts.push(`${currentColumns.map(csvField).join(',')}\n`);
          }
          parts.push(`${currentColumns.map((c) => csvField(valueAt(record, c.split('.')))).join(',')}\n`);
        }
      }
      append(parts.join(''));
      records += page.items.length;
      recordsThisRun += page.items.length;
      pages++;
      save(page.nextHref ?? null, false);
      options.onProgress?.({ type: 'page', pages, records, bytes });
    }
    if (format === 'json') append(records === 0 ? ']\n' : '\n]\n');
    save(null, true);
    return {
      status: 'completed',
      records,
      recordsThisRun,
      pages,
      output,
      checkpoint: checkpointPath,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    const stopped = options.signal?.aborted && isCampaignSdkError(error, 'ERR_ABORTED');
    const result: ExportResult = {
      status: stopped ? 'stopped' : 'failed',
      records,
      recordsThisRun,
      pages,
      output,
      checkpoint: checkpointPath,
      durationMs: Date.now() - started,
    };
    if (!stopped) result.error = error instanceof Error ? error : new Error(String(error));
    if (checkpointPath)
      result.resumeHint = `Run the same export again with resume: true (acs: --resume); ${checkpointPath} holds where it stopped.`;
    return result;
  } finally {
    closeSync(fd);
  }
}
