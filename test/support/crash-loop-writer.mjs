// A separate process that rewrites `current` of one entry of the built file vault as fast as it
// can, with test keys 1, 2, 3, ... (the same deterministic keys as `rawTestKey` in
// file-vault-bench.ts), printing each number once its write returned. The test kills it with
// SIGKILL at an arbitrary moment. Environment: CATIVA_TEST_VAULT (absolute path), CATIVA_TEST_ENTRY.
import { createHash } from 'node:crypto';

const dist = new URL('../../dist/', import.meta.url);
const { createFileVault } = await import(new URL('providers/file/index.js', dist).href);
const { Secret, fingerprintOf } = await import(new URL('src/secret.js', dist).href);
const { systemClock } = await import(new URL('src/clock.js', dist).href);

const env = process.env;
const vault = createFileVault(
  { path: env.CATIVA_TEST_VAULT },
  { clock: systemClock, baseDir: process.cwd(), env: {} },
);
const location = { provider: 'file', entry: env.CATIVA_TEST_ENTRY };
const key = (n) =>
  new Secret(`cativa_live_${createHash('md5').update(`test-key-${n}`).digest('hex')}`);

let expected;
for (let n = 1; ; n += 1) {
  const next = key(n);
  await vault.writeCurrent(location, next, expected, {
    rotationId: `loop-${n}`,
    at: systemClock.now(),
  });
  expected = fingerprintOf(next);
  process.stdout.write(`${n}\n`);
}
