/**
 * Campaign Standard work beyond one machine: one request budget per organization and tenant,
 * shared on Redis by every process, and bulk imports split into BullMQ jobs that any number of
 * worker processes take, exactly once.
 *
 * @packageDocumentation
 * @mergeModuleWith <project>
 */

export {
  createFleet,
  type EnqueuedJob,
  type EnqueueExportOptions,
  type EnqueueImportOptions,
  type Fleet,
  type FleetJobStatus,
  type FleetOptions,
  type FleetWorker,
  type FleetWorkerOptions,
} from './fleet.js';
export { type JobKeys, jobKeys, RedisChunkJournal } from './journal-store.js';
export {
  createRateBudget,
  type RateBudget,
  type RateBudgetClientOptions,
  type RateBudgetOptions,
  type RateBudgetStats,
} from './rate-budget.js';
