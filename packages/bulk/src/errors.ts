import { redact } from '@campaign-standard/core';

/**
 * Stable codes of the errors this package throws. Branch on `error.code`, never on message text.
 *
 * - `ERR_BULK_INPUT`: the input file is malformed (see {@link InputError.problem}); nothing was written.
 * - `ERR_BULK_JOURNAL`: the journal cannot be used for this job (see {@link JournalError.problem}).
 * - `ERR_BULK_CHECKPOINT`: an export's checkpoint cannot be used (see {@link CheckpointError.problem}).
 */
export type BulkErrorCode = 'ERR_BULK_INPUT' | 'ERR_BULK_JOURNAL' | 'ERR_BULK_CHECKPOINT';

/**
 * The base of the errors of this package: a stable {@link BulkErrorCode}, `name` equal to the
 * class name, an optional `hint`. Messages are redacted with core's redaction when built.
 */
export class BulkError extends Error {
  /** A stable code to branch on. */
  readonly code: BulkErrorCode;
  /** What the user can do about it. */
  readonly hint: string | undefined;

  constructor(code: BulkErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint === undefined ? undefined : redact(options.hint);
  }
}

/**
 * What is wrong with an input file:
 *
 * - `invalid-utf8`: bytes that are not UTF-8;
 * - `malformed`: CSV that does not parse (an unclosed quote), or JSON that does not;
 * - `ragged-row`: a CSV row with more or fewer fields than the header;
 * - `forbidden-column`: a column or JSON key named `__proto__`, `constructor` or `prototype`;
 * - `duplicate-column`: two columns mapped to the same field;
 * - `missing-key-column`: no column holds the business key;
 * - `missing-key`: a row whose business key is empty;
 * - `not-an-object`: an NDJSON line or JSON array element that is not an object;
 * - `invalid-value`: a value that the requested type coercion cannot read (`abc` as a number).
 */
export type InputProblem =
  | 'invalid-utf8'
  | 'malformed'
  | 'ragged-row'
  | 'forbidden-column'
  | 'duplicate-column'
  | 'missing-key-column'
  | 'missing-key'
  | 'not-an-object'
  | 'invalid-value';

/** Where an {@link InputError} was found. */
export interface InputErrorDetails {
  /** The input's name: its path, or a description of the source. */
  source: string;
  /** The 1-based line where the problem is (for CSV, the line where the row starts). */
  line: number;
  /** The column or field concerned, if any. */
  column?: string | undefined;
}

/**
 * An input file is malformed. It is reported before anything is written: the first pass over a
 * file reads it whole before any request, so `line` names the first bad line of the file.
 */
export class InputError extends BulkError {
  /** What is wrong. */
  readonly problem: InputProblem;
  /** The input's name. */
  readonly source: string;
  /** The 1-based line of the problem. */
  readonly line: number;
  /** The column or field concerned, if any. */
  readonly column: string | undefined;

  constructor(problem: InputProblem, message: string, details: InputErrorDetails) {
    super('ERR_BULK_INPUT', `${details.source}, line ${details.line}: ${message}`);
    this.problem = problem;
    this.source = redact(details.source);
    this.line = details.line;
    this.column = details.column === undefined ? undefined : redact(details.column);
  }
}

/**
 * Why a journal cannot be used:
 *
 * - `exists`: a journal is already there and `resume` was not asked for;
 * - `input-mismatch`: the journal belongs to another input (another file, or the file changed);
 * - `job-mismatch`: the journal belongs to a job with another resource, key, mode or service;
 * - `corrupt`: a line of the journal, other than a torn last line, cannot be read;
 * - `no-identity`: the input has no identity to tie a journal to (give `jobId`);
 * - `locked`: another process is running the job of this journal now.
 */
export type JournalProblem =
  | 'exists'
  | 'input-mismatch'
  | 'job-mismatch'
  | 'corrupt'
  | 'no-identity'
  | 'locked';

/** The journal cannot be used for this job; nothing was sent. */
export class JournalError extends BulkError {
  /** Why. */
  readonly problem: JournalProblem;
  /** The journal's path. */
  readonly path: string;

  constructor(problem: JournalProblem, message: string, path: string, options: { hint?: string } = {}) {
    super('ERR_BULK_JOURNAL', message, options);
    this.problem = problem;
    this.path = redact(path);
  }
}

/**
 * Why an export's checkpoint cannot be used:
 *
 * - `exists`: a checkpoint is already there and `resume` was not asked for;
 * - `mismatch`: the checkpoint belongs to another export (another list, output or format);
 * - `corrupt`: the checkpoint cannot be read;
 * - `output-short`: the output file is shorter than the checkpoint says it was when saved.
 */
export type CheckpointProblem = 'exists' | 'mismatch' | 'corrupt' | 'output-short';

/** An export's checkpoint cannot be used; nothing was read. */
export class CheckpointError extends BulkError {
  /** Why. */
  readonly problem: CheckpointProblem;
  /** The checkpoint's path. */
  readonly path: string;

  constructor(problem: CheckpointProblem, message: string, path: string, options: { hint?: string } = {}) {
    super('ERR_BULK_CHECKPOINT', message, options);
    this.problem = problem;
    this.path = redact(path);
  }
}
