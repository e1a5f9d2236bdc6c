#!/usr/bin/env node
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// Idle keep-alive sockets and cache timers would hold the process for a while after the work is
// done: exit once stdout and stderr have flushed what was written.
let pending = 2;
const done = () => {
  pending -= 1;
  if (pending === 0) process.exit(code);
};
process.stdout.write('', done);
process.stderr.write('', done);
