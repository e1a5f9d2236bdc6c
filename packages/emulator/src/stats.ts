import type {
  ApiRequestFilter,
  EmulatorRequestLogEntry,
  EmulatorStats,
  TokenRequestFilter,
} from './types.js';

/** The most log lines kept; counts stay exact beyond it only for the kept lines. */
const LOG_LIMIT = 200_000;

/** What the public log line does not say: a token request, a 429 of the rate limit. */
interface InternalEntry extends EmulatorRequestLogEntry {
  tokenRequest: boolean;
  rateLimited: boolean;
}

/** Counters and the request log of one emulator. */
export class StatsRecorder implements EmulatorStats {
  #entries: InternalEntry[] = [];

  /** Records a finished request. */
  record(entry: EmulatorRequestLogEntry, tokenRequest: boolean, rateLimited = false): void {
    if (this.#entries.length >= LOG_LIMIT) this.#entries.splice(0, LOG_LIMIT / 2);
    this.#entries.push({ ...entry, tokenRequest, rateLimited });
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
    for (const e of this.#entries) if (matchesApi(e, filter)) n++;
    return n;
  }

  rateLimited(filter: ApiRequestFilter = {}): number {
    let n = 0;
    for (const e of this.#entries) if (e.rateLimited && matchesApi(e, filter)) n++;
    return n;
  }

  requests(): EmulatorRequestLogEntry[] {
    return this.#entries.map(({ tokenRequest: _token, rateLimited: _limited, ...entry }) => entry);
  }

  reset(): void {
    this.#entries = [];
  }
}

function matchesApi(e: InternalEntry, filter: ApiRequestFilter): boolean {
  if (e.target !== 'api') return false;
  if (filter.clientId !== undefined && e.clientId !== filter.clientId) return false;
  if (filter.status !== undefined && e.status !== filter.status) return false;
  if (filter.method !== undefined && e.method !== filter.method.toUpperCase()) return false;
  if (filter.tenant !== undefined && e.tenant !== filter.tenant) return false;
  if (filter.pathPrefix !== undefined && !e.path.startsWith(filter.pathPrefix)) return false;
  return true;
}
