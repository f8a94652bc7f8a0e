import { readFileSync } from 'node:fs';

/** Set by the Lambda bundler (esbuild `define`): the zip has no package.json to read. */
declare const __CATIVA_KEYS_VERSION__: string | undefined;

/** The package version, read from package.json next to the built or source tree. */
export function version(): string {
  if (typeof __CATIVA_KEYS_VERSION__ === 'string') return __CATIVA_KEYS_VERSION__;
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'cativa-keys' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate: the source and the built tree sit at different depths
    }
  }
  return '0.0.0';
}
