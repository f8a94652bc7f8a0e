import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';

/** `from "./x.mjs"`, `import "./x.mjs"` and `import("./x.mjs")` in esbuild's output. */
const RELATIVE_IMPORT = /(?:from\s*|import\s*\(?\s*)"(\.\/[^"]+)"/g;
/** Bare specifiers, for the packages a bundle leaves external. */
const BARE_IMPORT = /(?:from\s*|import\s*\(?\s*)"((?:@[\w.-]+\/)?[\w.-]+)(?:\/[^"]*)?"/g;

/** The files a bundle entry can load, itself first (static and dynamic imports alike). */
export async function reachableFiles(entry: string): Promise<string[]> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file; file = queue.shift()) {
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const next = join(dirname(file), match[1] as string);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen];
}

/** The packages `files` import by name (externals), Node's built-ins left out. */
export async function externalPackages(files: readonly string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const file of files) {
    for (const match of (await readFile(file, 'utf8')).matchAll(BARE_IMPORT)) {
      const name = match[1] as string;
      if (!name.startsWith('.') && !builtinModules.includes(name)) names.add(name);
    }
  }
  return [...names].sort();
}
