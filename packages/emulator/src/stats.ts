import type {
  ApiRequestFilter,
  EmulatorRequestLogEntry,
  EmulatorStats,
  TokenRequestFilter,
} from './types.js';

/** The most log lines kept; counts stay exact beyond it only for the kept lines. */
const LOG_LIMIT = 200_000;

/** Token-request outcome, kept next to the public log line. */
interface InternalEntry extends EmulatorRequestLogEntry {
  tokenRequest: boolean;
}

/** Counters and the request log of one emulator. */
export class StatsRecorder implements EmulatorStats {
  #entries: InternalEntry[] = [];

  /** Records a finished request. */
  record(entry: EmulatorRequestLogEntry, tokenRequest: boolean): void {
    if (this.#entries.length >= LOG_LIMIT) this.#entries.splice(0, LOG_LIMIT / 2);
    this.#entries.push({ ...entry, tokenRequest });
  }

  tokenRequests(filter: TokenRequestFilter = {}): number {
    let n = 0;
    for (const e of this.#entries) {
      if (!e.tokenRequest) continue;
      if (filter.clientId !== undefined && e.clientId !== filter.clientId) continue;
      if (filter.grant !== undefined && e.grant !== filter.grant) continue;
      if (filter.outcome !== undefined && (e.status === 200 ? 'success' : 'error') !== filter.outcome)
        continue;
      n++;
    }
    return n;
  }

  apiRequests(filter: ApiRequestFilter = {}): number {
    let n = 0;
    for (const e of this.#entries) {
      if (e.target !== 'api') continue;
      if (filter.clientId !== undefined && e.clientId !== filter.clientId) continue;
      if (filter.status !== undefined && e.status !== filter.status) continue;
      if (filter.method !== undefined && e.method !== filter.method.toUpperCase()) continue;
      if (filter.tenant !== undefined && e.tenant !== filter.tenant) continue;
      if (filter.pathPrefix !== undefined && !e.path.startsWith(filter.pathPrefix)) continue;
      n++;
    }
    return n;
  }

  requests(): EmulatorRequestLogEntry[] {
    return this.#entries.map(({ tokenRequest: _ignored, ...entry }) => entry);
  }

  reset(): void {
    this.#entries = [];
  }
}
