import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Output of the build when it failed; e2e tests fail with it, the others still run. */
    buildError: string | null;
  }
}

/**
 * The e2e tests run the CLI as a user does (`node dist/src/cli/main.js`), so build it once before
 * any test runs; a stale `dist/` would test yesterday's code.
 */
export default function setup(project: TestProject): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  try {
    execFileSync(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
      { cwd: root, stdio: 'pipe' },
    );
    project.provide('buildError', null);
  } catch (error) {
    const out = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    project.provide('buildError', out);
  }
}
