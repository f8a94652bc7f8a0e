import { readFileSync } from 'node:fs';

/** The package version, read from package.json next to the built or source tree. */
export function version(): string {
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
