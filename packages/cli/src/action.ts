import type { Session } from './session.js';

/** Runs a command body with the session of this invocation. */
export type ActionRunner = <A extends unknown[]>(
  body: (session: Session, ...args: A) => Promise<void>,
) => (...args: A) => Promise<void>;
