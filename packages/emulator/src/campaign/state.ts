import type { Instance, Row } from './resources.js';
import type { Workflows } from './workflows.js';

/** Per-instance state besides the tables. */
export interface InstanceState {
  data: Instance;
  workflows: Workflows;
  transactional: Map<string, { eventId: string; body: Row; created: number; reads: number }>;
}
