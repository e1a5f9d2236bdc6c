/**
 * Bulk jobs for Adobe Campaign Standard: import and upsert, subscriptions, export. Resumable,
 * exactly once, at the rate Campaign allows.
 *
 * @packageDocumentation
 */
export { classifyFailure, type FailureKind } from './classify.js';
export { changedFields, sameValue } from './diff.js';
export * from './errors.js';
export {
  type ExportCheckpoint,
  type ExportFormat,
  type ExportOptions,
  type ExportProgressEvent,
  type ExportResult,
  exportRecords,
} from './export.js';
export { type ImportMode, type ImportOptions, importRecords } from './import.js';
export {
  type BulkCounts,
  type BulkJobOptions,
  type BulkProgressEvent,
  type BulkResult,
  keyOf,
  type RowOutcome,
} from './job.js';
export {
  type Durability,
  JOURNAL_VERSION,
  type JobDescription,
  type JournalDoneEntry,
  type JournalEndEntry,
  type JournalEntry,
  type JournalFileInput,
  type JournalHeader,
  type JournalInflightEntry,
  type JournalJobInput,
  type JournalRefusedEntry,
  type JournalRunEntry,
  JournalState,
  type JournalStopEntry,
  type JournalStore,
  type JournalWriter,
  type OpenedJournal,
} from './journal.js';
export {
  type Clock,
  type Permit,
  RateController,
  type RateSettings,
  type RateSignal,
  type RateState,
  systemClock,
} from './rate.js';
export type { FieldType, RecordShapeOptions } from './read/fields.js';
export {
  type CsvOptions,
  type FromRecordsOptions,
  fromRecords,
  type InputFormat,
  type OpenRecordsOptions,
  openRecords,
  type RecordSource,
  type RowsOptions,
  readCsv,
  readJsonArray,
  readNdjson,
  type SourceIdentity,
  type SourceRow,
} from './read/source.js';
export type { RejectEntry, RejectError, RejectReason } from './rejects.js';
export {
  type BulkKey,
  type BulkResource,
  collectionOf,
  type KeyLookup,
  type ProfileFamily,
} from './resource.js';
export { type ServiceRef, type SubscribeOptions, subscribeRecords } from './subscribe.js';
