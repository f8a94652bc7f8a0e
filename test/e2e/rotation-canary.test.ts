import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import {
  createRotationBench,
  expectNoSecrets,
  KEY_NAME,
  type RotationBench,
} from '../support/rotation-bench.js';
import { requireScript, runCliInPty } from '../support/rotation-pty.js';

/**
 * Every rotation command, run with canary keys (every key the simulator issued, the session
 * tokens it returns on each 200), in human and --json forms, interactive and not: no output may
 * hold a canary. Steps run in order on one bench, each leaving the state the next needs.
 */
describe('CLI: rotation commands never print a key or a session token', () => {
  let bench: RotationBench;
  const outputs: Array<{ step: string; text: string }> = [];

  beforeAll(async () => {
    requireScript();
    bench = await createRotationBench();
  });
  afterAll(async () => {
    await bench?.close();
  });

  const run = async (
    step: string,
    args: string[],
    options: { stdin?: string; env?: Record<string, string> } = {},
  ) => {
    const result = await bench.cli(args, options);
    outputs.push({ step, text: result.stdout + result.stderr });
    return result;
  };
  const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

  let interactiveKey = '';

  it('rotates interactively through a pseudo-terminal, the key typed at a hidden prompt', async () => {
    const key = bench.createKey();
    interactiveKey = key;
    const result = await runCliInPty(
      ['rotate', KEY_NAME],
      [
        { waitFor: "New key for 'Sync HubSpot prod' (input hidden):", send: `${key}\r` },
        { waitFor: /Promote cativa_live_…[0-9a-f]{4} \(sha256:[0-9a-f]{12}\)/, send: 'y\r' },
      ],
      { env: { CATIVA_KEYS_CONFIG: bench.configPath }, cwd: bench.dir },
    );
    outputs.push({ step: 'rotate (pty)', text: result.screen });
    expect(result.code, result.screen).toBe(0);
    expect(result.screen).toMatch(/Developers > API Keys > Create/);
    expect(result.screen).toMatch(/Name it: Sync HubSpot prod \d{4}-\d{2}/);
    expect(result.screen).toMatch(/\*{20,}/);
    expect(result.screen).toContain("revoke the old key of 'Sync HubSpot prod'");
    expect(result.screen).toContain("cativa-keys retire 'Sync HubSpot prod'");
    expect((await bench.readLocations()).map((l) => l.current)).toEqual([key, key, key]);
  });

  it('retires, refusing first while the old key still answers', async () => {
    expect((await run('retire (not revoked)', ['retire', KEY_NAME])).code).toBe(
      ExitCode.notRevoked,
    );
    expect((await run('retire (not revoked) json', ['retire', KEY_NAME, '--json'])).code).toBe(
      ExitCode.notRevoked,
    );
    bench.revoke(bench.oldKey);
    const retired = await run('retire', ['retire', KEY_NAME, '--json']);
    expect(json(retired.stdout)).toMatchObject({ result: 'retired' });
  });

  it('stages, shows status and a dry run, and aborts after a confirmation in the terminal', async () => {
    const key = bench.createKey();
    const staged = await run('stage', ['stage', KEY_NAME, '--new-key-env', 'NEXT_KEY', '--json'], {
      env: { NEXT_KEY: key },
    });
    expect(json(staged.stdout)).toMatchObject({
      result: 'staged',
      identity: { customer: 'Acme Robotics' },
    });
    await run('status', ['status', KEY_NAME]);
    expect(json((await run('status json', ['status', KEY_NAME, '--json'])).stdout)).toMatchObject({
      phase: 'staged',
    });
    await run('promote dry run', ['promote', KEY_NAME, '--dry-run']);
    await run('promote dry run json', ['promote', KEY_NAME, '--dry-run', '--json']);
    const aborted = await runCliInPty(
      ['abort', KEY_NAME],
      [
        {
          waitFor: /Discard the pending key cativa_live_…[0-9a-f]{4} \(sha256:[0-9a-f]{12}\)/,
          send: 'y\r',
        },
      ],
      { env: { CATIVA_KEYS_CONFIG: bench.configPath }, cwd: bench.dir },
    );
    outputs.push({ step: 'abort (pty)', text: aborted.screen });
    expect(aborted.code, aborted.screen).toBe(0);
    expect((await bench.readLocations())[0]?.pending).toBeUndefined();
  });

  it('rotates from a pipe with --json and --dry-run, and resumes a finished rotation', async () => {
    const key = bench.createKey();
    await run('rotate dry run', ['rotate', KEY_NAME, '--new-key-stdin', '--dry-run', '--json'], {
      stdin: key,
    });
    const rotated = await run(
      'rotate json',
      ['rotate', KEY_NAME, '--new-key-stdin', '--yes', '--json'],
      {
        stdin: key,
      },
    );
    expect(json(rotated.stdout)).toMatchObject({
      result: 'promoted',
      identity: { role: 'integration' },
    });
    await run('resume', ['resume', KEY_NAME]);
    await run('resume json', ['resume', KEY_NAME, '--json']);
    await run('promote again', ['promote', KEY_NAME, '--yes']);
  });

  it('fails without echoing a key given as an argument, or a rejected key', async () => {
    const exposed = bench.createKey();
    expect((await run('key as argument', ['rotate', exposed])).code).toBe(ExitCode.usage);
    expect(
      (await run('key as option value', ['stage', KEY_NAME, `--new-key-env=${exposed}`])).code,
    ).toBe(ExitCode.usage);
    expect((await run('key as unknown option', ['abort', KEY_NAME, `--key=${exposed}`])).code).toBe(
      ExitCode.usage,
    );
    bench.revoke(interactiveKey);
    expect((await run('retire again', ['retire', KEY_NAME])).code).toBe(0);
    const revoked = bench.createKey();
    bench.revoke(revoked);
    const rejected = await run('stage rejected', ['stage', KEY_NAME, '--new-key-stdin'], {
      stdin: revoked,
    });
    expect(rejected.code).toBe(ExitCode.keyRejected);
    const resumed = await run('resume rejected', ['resume', KEY_NAME, '--yes', '--json']);
    expect(resumed.code).toBe(ExitCode.keyRejected);
    expect((await run('abort rejected', ['abort', KEY_NAME, '--yes', '--json'])).code).toBe(0);
  });

  it('found no canary in any output', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(18);
    for (const { step, text } of outputs) {
      expect(text.length, step).toBeGreaterThan(0);
      expectNoSecrets(text, bench.canaries());
    }
  });
});
