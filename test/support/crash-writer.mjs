// A separate process that stages a key in the built file vault and kills itself (SIGKILL) just
// before one step of the atomic write, as a crash or power cut would stop it.
// Environment: CATIVA_TEST_VAULT (absolute path), CATIVA_TEST_ENTRY, CATIVA_TEST_KEY (the raw
// test key), CATIVA_TEST_CRASH_AT (a step name; at `write-temp` half a file is written first).
import { appendFileSync } from 'node:fs';

const dist = new URL('../../dist/', import.meta.url);
const { createFileVault } = await import(new URL('providers/file/index.js', dist).href);
const { createFileStore } = await import(new URL('providers/file/store.js', dist).href);
const { Secret } = await import(new URL('src/secret.js', dist).href);
const { systemClock } = await import(new URL('src/clock.js', dist).href);

const env = process.env;
const store = createFileStore({
  onWriteStep: async (step, { tempPath }) => {
    if (step !== env.CATIVA_TEST_CRASH_AT) return;
    if (step === 'write-temp')
      appendFileSync(tempPath, '{\n  "format": "cativa-keys-file-vault",\n  "formatVer');
    process.kill(process.pid, 'SIGKILL');
    // The signal is delivered at once; never let the write go on meanwhile.
    await new Promise(() => {});
  },
});
const vault = createFileVault(
  { path: env.CATIVA_TEST_VAULT },
  { clock: systemClock, baseDir: process.cwd(), env: {} },
  { store },
);
await vault.stage(
  { provider: 'file', entry: env.CATIVA_TEST_ENTRY },
  new Secret(env.CATIVA_TEST_KEY),
  {
    rotationId: 'crash-writer',
    at: systemClock.now(),
  },
);
process.stdout.write('finished\n');
