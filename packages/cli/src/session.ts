import type { CampaignClient, ClientRetryOptions } from '@campaign-standard/client';
import {
  type AcsSettingName,
  type AuthStrategy,
  createMemoryTokenStore,
  findAcsSetting,
  readConsoleCredentials,
  registerSecret,
  type TokenStore,
} from '@campaign-standard/core';
import type { Emulator } from '@campaign-standard/emulator';
import { createProxyFetch, hasProxyEnvironment } from '@campaign-standard/proxy';
import type { CampaignCalls } from './campaign.js';
import { CliError } from './cli-error.js';
import {
  type CampaignCallsOptions,
  type CliClientExtras,
  createCampaignCalls,
  createCliClient,
} from './client-adapter.js';
import { type CliPaths, cliPaths } from './config/paths.js';
import {
  type AuthKind,
  credentialsOf,
  detectAuthKind,
  type ResolvedSettings,
  type ResolvedValue,
  resolveSettings,
} from './config/resolve.js';
import { type CheckedCredentials, checkCredentials, createStrategy, fileStore } from './connect.js';
import { createLoggingFetch } from './http-log.js';
import { type CliIo, colorDisabled } from './io.js';
import { flagSettings, type GlobalOptions } from './options.js';
import { type OutputTarget, resolveOutputFormat } from './output/format.js';
import { createProgress, type Progress, type ProgressFormat, shouldShowProgress } from './output/progress.js';

/** Settings that must be present to call Campaign, beyond authentication. */
const NEEDS_TENANT_HINT =
  'Set ACS_TENANT (or --tenant, or `acs config set tenant <tenant>`), or try the command with --sandbox.';

/**
 * Everything one `acs` run shares: resolved settings, output, verbose logging, and the in-process
 * emulator behind `--sandbox`. Built lazily so `acs --help` or `acs config` never start anything.
 */
export class Session {
  readonly io: CliIo;
  readonly options: GlobalOptions;
  readonly paths: CliPaths;
  /** The `fetch` every HTTP call uses: logging on stderr with `--verbose`. */
  readonly fetch: typeof fetch;
  private resolved: ResolvedSettings | undefined;
  private resolving: Promise<ResolvedSettings> | undefined;
  private emulator: Emulator | undefined;
  private store: TokenStore | undefined;
  private readonly strategies = new Map<AuthKind | 'default', Promise<AuthStrategy>>();
  private readonly checks = new Map<AuthKind, Promise<CheckedCredentials>>();
  private calls: Promise<CampaignCalls> | undefined;

  constructor(io: CliIo, options: GlobalOptions) {
    this.io = io;
    this.options = options;
    this.paths = cliPaths(io.env);
    // HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply to IMS and Campaign alike; plain fetch without them.
    const base: typeof fetch = hasProxyEnvironment(io.env)
      ? createProxyFetch({ env: io.env })
      : globalThis.fetch;
    this.fetch = options.verbose ? createLoggingFetch(base, io.stderr) : base;
  }

  /** True for `--sandbox` (or `ACS_SANDBOX=1`). */
  get sandbox(): boolean {
    return Boolean(this.options.sandbox) || this.io.env['ACS_SANDBOX'] === '1';
  }

  /** The running sandbox emulator, started on first use. */
  async sandboxEmulator(): Promise<Emulator> {
    if (!this.emulator) {
      const { startEmulator } = await import('@campaign-standard/emulator');
      this.emulator = await startEmulator({});
    }
    return this.emulator;
  }

  /** The merged configuration (from the emulator with `--sandbox`). */
  async settings(): Promise<ResolvedSettings> {
    if (this.resolved) return this.resolved;
    if (this.sandbox) {
      const emulator = await this.sandboxEmulator();
      // loaded on demand like the emulator itself: plain commands never pay for it
      const { emulatorEnvironment } = await import('@campaign-standard/emulator');
      const environment = emulatorEnvironment(emulator, { jwt: true });
      const values = new Map<AcsSettingName, ResolvedValue>();
      for (const [name, value] of Object.entries(environment)) {
        if (findAcsSetting(name)?.secret) registerSecret(value);
        values.set(name as AcsSettingName, { value, source: 'flag', origin: '--sandbox', field: name });
      }
      this.resolved = {
        values,
        profile: 'sandbox',
        profileNamed: false,
        credentialsFile: undefined,
        consoleCredentials: undefined,
        credentials: credentialsOf(values, undefined),
      };
    } else {
      // one resolution (and one warning about an unusable config file) however many callers ask;
      // the secrets of every layer are registered for redaction as they are read
      this.resolving ??= resolveSettings({
        flags: flagSettings(this.options),
        env: this.io.env,
        cwd: this.io.cwd,
        configFile: this.paths.configFile,
        profile: this.options.profile,
        credentialsFile: this.options.credentials,
        readConsole: (path) => readConsoleCredentials(path, { field: '--credentials' }),
        warn: (text) => this.warn(text),
      });
      this.resolved = await this.resolving;
    }
    return this.resolved;
  }

  /** Which authentication to use: `--auth`, else OAuth when the configuration allows it, else JWT. */
  async authKind(): Promise<AuthKind> {
    const wanted = this.options.auth?.toLowerCase();
    if (wanted !== undefined) {
      if (wanted === 'oauth' || wanted === 'jwt') return wanted;
      throw new CliError(
        'usage',
        `Unknown authentication method "${this.options.auth}"`,
        'Use --auth oauth or --auth jwt.',
      );
    }
    const kind = detectAuthKind((await this.settings()).credentials);
    if (kind === undefined) {
      throw new CliError(
        'configuration',
        'No credentials configured: ACS_CLIENT_ID, ACS_CLIENT_SECRET, ACS_ORG_ID and ACS_SCOPES are missing',
        'Set them in the environment or a .env file, use `acs config set`, give a Developer Console JSON with --credentials, or try the command with --sandbox.',
      );
    }
    return kind;
  }

  /** The tenant, or a configuration error naming what to do. */
  async tenant(): Promise<string> {
    const tenant = (await this.settings()).credentials.tenant;
    if (!tenant)
      throw new CliError('configuration', 'No tenant configured: ACS_TENANT is missing', NEEDS_TENANT_HINT);
    return tenant;
  }

  /** The per-request time limit in milliseconds, from `--timeout <seconds>`. */
  timeoutMs(): number | undefined {
    if (this.options.timeout === undefined) return undefined;
    const seconds = Number(this.options.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new CliError(
        'usage',
        `--timeout must be a positive number of seconds, not "${this.options.timeout}"`,
      );
    return Math.round(seconds * 1000);
  }

  /** Where records go, in the chosen format. */
  output(columns?: string[]): OutputTarget {
    const stdout = this.io.stdout;
    return {
      format: resolveOutputFormat(this.options.output, Boolean(stdout.isTTY)),
      write: (text) => stdout.write(text),
      noColor: colorDisabled(this.io, this.options.color, stdout),
      columns,
    };
  }

  /**
   * Whether a progress bar goes to stderr. A terminal on stdout hides it (the data is shown there),
   * unless stdout carries only a summary written at the end (the bulk commands).
   */
  showsProgress(stdoutIsSummaryOnly = false): boolean {
    const stderr = this.io.stderr as NodeJS.WriteStream;
    return shouldShowProgress({
      stderrIsTTY: Boolean(stderr.isTTY),
      stdoutIsTTY: !stdoutIsSummaryOnly && Boolean(this.io.stdout.isTTY),
      env: this.io.env,
      disabled: this.options.progress === false,
    });
  }

  /** A progress bar on stderr for long exports and jobs, only where {@link showsProgress} allows it. */
  progress(formats?: ProgressFormat, stdoutIsSummaryOnly = false): Progress {
    const stderr = this.io.stderr as NodeJS.WriteStream;
    return createProgress(
      this.showsProgress(stdoutIsSummaryOnly),
      stderr,
      colorDisabled(this.io, this.options.color, stderr),
      formats,
    );
  }

  /** A line for people on stderr (kept out of stdout, which carries the data). */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** A warning for people on stderr: something was skipped, the command goes on. */
  warn(text: string): void {
    this.note(`acs: warning: ${text}`);
  }

  /**
   * Where tokens are cached: the 0600 file in the cache directory (memory with --sandbox). A cache
   * file that cannot be used safely is skipped with a warning on stderr; the command goes on.
   */
  tokenStore(): TokenStore {
    this.store ??= this.sandbox
      ? createMemoryTokenStore()
      : fileStore(this.paths.tokenFile, (text) => this.warn(text));
    return this.store;
  }

  /**
   * Caches tokens in `store` instead (e.g. Redis, shared by the processes of a fleet); called
   * before the first strategy is built.
   */
  useTokenStore(store: TokenStore): void {
    this.store = store;
  }

  /**
   * The credentials checked for `kind`, once per run: the doctor reports this check, and the
   * strategy is built from it without checking again.
   */
  credentialsCheck(kind: AuthKind): Promise<CheckedCredentials> {
    let pending = this.checks.get(kind);
    if (!pending) {
      pending = this.settings().then((settings) => checkCredentials(kind, settings.credentials));
      this.checks.set(kind, pending);
    }
    return pending;
  }

  /** The authentication strategy (`--auth`, else the one the configuration holds). */
  strategy(kind?: AuthKind): Promise<AuthStrategy> {
    const key = kind ?? 'default';
    let pending = this.strategies.get(key);
    if (!pending) {
      pending = (async () => {
        const method = kind ?? (await this.authKind());
        return createStrategy(method, await this.credentialsCheck(method), {
          store: this.tokenStore(),
          fetch: this.fetch,
        });
      })();
      this.strategies.set(key, pending);
    }
    return pending;
  }

  /** Authenticated Campaign calls for the configured tenant. */
  campaign(): Promise<CampaignCalls> {
    this.calls ??= (async () => createCampaignCalls(await this.connection()))();
    return this.calls;
  }

  /**
   * A `@campaign-standard/client` for the configured tenant, with `retry` as given: the bulk
   * commands leave 429 out of it, so that their job sees every 429 and slows down.
   */
  async client(retry?: ClientRetryOptions, extra?: CliClientExtras): Promise<CampaignClient> {
    return createCliClient(await this.connection(), retry, extra);
  }

  /** What a client of the configured tenant is built from. */
  private async connection(): Promise<CampaignCallsOptions> {
    const auth = await this.strategy();
    const settings = await this.settings();
    return {
      auth,
      tenant: await this.tenant(),
      environment: settings.credentials.environment,
      baseUrl: settings.credentials.baseUrl,
      fetch: this.fetch,
      timeoutMs: this.timeoutMs(),
    };
  }

  /** Stops what the session started. */
  async close(): Promise<void> {
    const emulator = this.emulator;
    this.emulator = undefined;
    await emulator?.stop();
  }
}
