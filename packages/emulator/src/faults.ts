import { createRandom, hashSeed } from './rng.js';
import type { EmulatorFaults, FaultSpec } from './types.js';

const STATUSES = new Set([429, 500, 502, 503, 504]);

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

/** The faults injected into one emulator; draws from a generator seeded by the emulator's seed. */
export class FaultInjector implements EmulatorFaults {
  #faults: ActiveFault[] = [];
  readonly #random: () => number;

  constructor(seed: number) {
    this.#random = createRandom(hashSeed(seed, 'faults'));
  }

  inject(fault: FaultSpec): void {
    if (!['ims', 'api', 'all'].includes(fault.target)) throw new TypeError(`fault target "${fault.target}"`);
    if (!['status', 'latency', 'reset', 'cname'].includes(fault.kind))
      throw new TypeError(`fault kind "${fault.kind}"`);
    if (fault.kind === 'status' && !STATUSES.has(fault.status ?? 0))
      throw new TypeError('a status fault needs status 429, 500, 502, 503 or 504');
    // Adobe's pages show the "Oops … Check your URI" body with 502 and with 500 (gateway.ts).
    if (fault.kind === 'cname' && fault.status !== undefined && fault.status !== 500 && fault.status !== 502)
      throw new TypeError('a cname fault takes status 500 or 502 (default 502)');
    if (fault.kind === 'latency' && !(typeof fault.latencyMs === 'number' && fault.latencyMs >= 0))
      throw new TypeError('a latency fault needs latencyMs >= 0');
    if (fault.probability !== undefined && !(fault.probability >= 0 && fault.probability <= 1))
      throw new TypeError('fault probability must be within 0..1');
    this.#faults.push({ spec: { ...fault }, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#faults = [];
  }

  /** The fault that hits this request, if any; counts it against its `times`. */
  take(target: 'ims' | 'api', path: string): FaultSpec | undefined {
    for (const fault of this.#faults) {
      const { spec } = fault;
      if (fault.remaining <= 0) continue;
      if (spec.target !== 'all' && spec.target !== target) continue;
      if (spec.pathPrefix !== undefined && !path.startsWith(spec.pathPrefix)) continue;
      if (spec.probability !== undefined && this.#random() >= spec.probability) continue;
      fault.remaining--;
      return spec;
    }
    return undefined;
  }
}
