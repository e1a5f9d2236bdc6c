// Makes sure the system programs some test suites drive are present: redis-server (the shared
// token store's tests) and Chromium (the docs site's browser check). On a fresh Debian machine run
// as root they are installed from Debian's packages; elsewhere the missing ones are named.
import { execFileSync, spawnSync } from 'node:child_process';

const wanted = [
  { command: 'redis-server', apt: 'redis-server' },
  { command: 'chromium', apt: 'chromium' },
];
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const missing = wanted.filter((item) => !has(item.command));
if (missing.length === 0) process.exit(0);

const packages = missing.map((item) => item.apt);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !has('apt-get')) {
  console.warn(
    `Missing system programs: ${packages.join(', ')}. Install them (e.g. "apt-get install ${packages.join(' ')}") ` +
      'or the suites that need them will fail.',
  );
  process.exit(0);
}
console.log(`Installing ${packages.join(', ')} from Debian's packages...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
