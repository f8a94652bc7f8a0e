#!/usr/bin/env node
// Bundles the Lambda handlers with esbuild into dist/lambda/ (what serverless.yml packages),
// and copies the config next to them.
//
//   node scripts/build-lambda.mjs [--config FILE] [--outdir DIR]
//
// The AWS SDK v3 stays external (the nodejs22.x runtime provides it); the 1Password SDK stays
// external too (its WASM core cannot be bundled) and is loaded only when a 1Password location
// is audited; serverless.yml ships it from node_modules. Code splitting keeps every lazily
// imported provider in its own chunk, so a file- or AWS-only audit never loads the others.
import { copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const { values } = parseArgs({
  options: { config: { type: 'string' }, outdir: { type: 'string' } },
});
const outdir = resolve(root, values.outdir ?? 'dist/lambda');

/** Handlers to bundle: entry name -> source. The rotation handler only once it exists. */
const HANDLERS = {
  'audit-handler': 'src/lambda/audit-handler.ts',
  'secrets-manager-rotation': 'src/lambda/secrets-manager-rotation.ts',
};

const exists = (path) =>
  stat(path).then(
    () => true,
    () => false,
  );

const entryPoints = {};
for (const [name, source] of Object.entries(HANDLERS)) {
  if (await exists(join(root, source))) entryPoints[name] = join(root, source);
}

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const result = await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  outExtension: { '.js': '.mjs' },
  // Chunks sit next to the handlers: the config is found relative to the running module.
  chunkNames: '[name]-[hash]',
  sourcemap: true,
  // Mappings for readable stack traces, without a copy of every source in the zip.
  sourcesContent: false,
  legalComments: 'none',
  // The version the handlers report (to 1Password, in logs): the zip has no package.json.
  define: { __CATIVA_KEYS_VERSION__: JSON.stringify(pkg.version) },
  metafile: true,
  external: ['@aws-sdk/*', '@smithy/*', '@1password/sdk', '@1password/sdk-core'],
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __ckCreateRequire } from 'node:module'; const require = __ckCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The config: --config, else $CATIVA_KEYS_CONFIG, else ./cativa-keys.yaml.
const configSource = values.config ?? process.env.CATIVA_KEYS_CONFIG ?? 'cativa-keys.yaml';
const configPath = resolve(process.cwd(), configSource);
if (await exists(configPath)) {
  await copyFile(configPath, join(outdir, 'cativa-keys.yaml'));
  console.log(`config: ${configSource} -> ${join(outdir, 'cativa-keys.yaml')}`);
} else {
  console.warn(
    `\n*** WARNING: no config at ${configPath}: the Lambda will fail with a config error until ` +
      'one is bundled (pass --config FILE or set CATIVA_KEYS_CONFIG) ***\n',
  );
}

const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(
  `bundled ${Object.keys(entryPoints).join(', ')} into ${outdir} (${Math.round(bytes / 1024)} KiB)`,
);
