// A separate process that stages one key in the built file vault, for the concurrency test.
// Environment: CATIVA_TEST_VAULT (absolute path), CATIVA_TEST_ENTRY, CATIVA_TEST_KEY (the raw
// test key), CATIVA_TEST_HOLD_MS (how long to hold the lock between deciding and writing).
// Prints `ready`, waits for a line on stdin, stages, then prints one JSON line with the outcome.
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const dist = new URL('../../dist/', import.meta.url);
const { createFileVault } = await import(new URL('providers/file/index.js', dist).href);
const { createFileStore } = await import(new URL('providers/file/store.js', dist).href);
const { Secret } = await import(new URL('src/secret.js', dist).href);
const { systemClock } = await import(new URL('src/clock.js', dist).href);

const env = process.env;
const holdMs = Number(env.CATIVA_TEST_HOLD_MS ?? '0');
const store = createFileStore({
  // Widens the race: with the lock, the others wait here; without it, they would all have read
  // an empty pending slot and all "won".
  onWriteStep: async (step) => {
    if (step === 'open-temp' && holdMs > 0) await sleep(holdMs);
  },
});
const vault = createFileVault(
  { path: env.CATIVA_TEST_VAULT },
  { clock: systemClock, baseDir: process.cwd(), env: {} },
  { store },
);
const key = new Secret(env.CATIVA_TEST_KEY);

const input = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await new Promise((resolve) => input.once('line', resolve));
input.close();

try {
  await vault.stage({ provider: 'file', entry: env.CATIVA_TEST_ENTRY }, key, {
    rotationId: `stager-${process.pid}`,
    at: systemClock.now(),
  });
  process.stdout.write(`${JSON.stringify({ outcome: 'staged' })}\n`);
} catch (error) {
  const { name, code, message } = error;
  process.stdout.write(`${JSON.stringify({ outcome: 'failed', name, code, message })}\n`);
}
