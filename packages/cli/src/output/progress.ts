import cliProgress from 'cli-progress';

/** What decides whether a progress bar is drawn. */
export interface ProgressDecisionInput {
  /** Whether stderr (where the bar goes) is a terminal. */
  stderrIsTTY: boolean;
  /** Whether stdout is a terminal: then the records themselves show progress. */
  stdoutIsTTY: boolean;
  /** The environment (`CI`, `ACS_NO_PROGRESS`). */
  env: Record<string, string | undefined>;
  /** `--quiet` or `--no-progress`. */
  disabled?: boolean;
}

/**
 * True when a progress bar may be drawn for a long export: stderr is a terminal and stdout is
 * not (the records go to a file or a pipe), outside CI, unless switched off. Never in pipes.
 */
export function shouldShowProgress(input: ProgressDecisionInput): boolean {
  if (input.disabled) return false;
  if (!input.stderrIsTTY || input.stdoutIsTTY) return false;
  if (input.env['CI'] || input.env['ACS_NO_PROGRESS']) return false;
  return true;
}

/** A progress display counting records; a no-op when the decision said no. */
export interface Progress {
  /** Records written so far; `total` when it became known; `payload` fills the format's own tokens. */
  update(done: number, total?: number, payload?: Record<string, string | number>): void;
  /** Removes the bar. */
  stop(): void;
}

/** What the bar shows (cli-progress formats: `{bar}`, `{value}`, `{total}`, `{eta_formatted}`, payload tokens). */
export interface ProgressFormat {
  /** The format once the total is known. */
  total: string;
  /** The format while it is not. */
  running: string;
}

const RECORDS_FORMAT: ProgressFormat = {
  total: ' {bar} {value}/{total} records',
  running: ' {value} records…',
};

/** A bar on `stream` (stderr) when `enabled`, else nothing. */
export function createProgress(
  enabled: boolean,
  stream: NodeJS.WriteStream,
  noColor: boolean,
  formats: ProgressFormat = RECORDS_FORMAT,
): Progress {
  if (!enabled) return { update() {}, stop() {} };
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total, payload) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: total ? formats.total : formats.running,
            clearOnComplete: true,
            hideCursor: true,
            barCompleteChar: noColor ? '#' : '\u2588',
            barIncompleteChar: noColor ? '-' : '\u2591',
            noTTYOutput: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total ?? done, done, payload);
      }
      if (total !== undefined) bar.setTotal(total);
      else if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, payload);
    },
    stop() {
      bar?.stop();
    },
  };
}
