import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CativaIdentity } from '../../src/cativa/types.js';
import type { CliIo } from '../../src/cli/io.js';
import { newKeySource, readNewKey, refuseKeyArguments } from '../../src/cli/new-key-input.js';
import type { RotationPrompts } from '../../src/cli/rotation-prompts.js';
import type { ManagedKey } from '../../src/config/schema.js';
import { checkIdentity } from '../../src/rotation/validate.js';
import { fingerprintOf, Secret } from '../../src/secret.js';

const KEY = `cativa_live_${'0123456789abcdef'.repeat(2)}`;

function io(stdin: string | undefined, tty = false, env: Record<string, string> = {}): CliIo {
  const input = Object.assign(stdin === undefined ? new PassThrough() : Readable.from([stdin]), {
    isTTY: tty,
  });
  return { stdin: input, stdout: new PassThrough(), stderr: new PassThrough(), env, cwd: '/' };
}

const noPrompts: RotationPrompts = {
  secret: () => Promise.reject(new Error('no prompt expected')),
  confirm: () => Promise.reject(new Error('no prompt expected')),
};

/** Parses argv with a rotation-like command and returns the check's error message. */
function refusal(argv: string[]): string | undefined {
  let message: string | undefined;
  const command = new Command('rotate')
    .argument('<key-name>')
    .option('--new-key-env <VAR>')
    .allowUnknownOption()
    .allowExcessArguments()
    .exitOverride()
    .action((_name: string, _opts: unknown, cmd: Command) => {
      try {
        refuseKeyArguments(cmd, 1);
      } catch (error) {
        message = (error as Error).message;
      }
    });
  command.parse(argv, { from: 'user' });
  return message;
}

describe('Function: refuseKeyArguments', () => {
  it.each([
    [[KEY], 'argument 1'],
    [['Sync', KEY], 'argument 2'],
    [['Sync', `--new-key=${KEY}`], 'the value of --new-key'],
    [['Sync', '--new-key-env', KEY], 'the value of --new-key-env'],
  ])('refuses a key-like value in %j without echoing it', (argv, where) => {
    const message = refusal(argv);
    expect(message).toContain(`${where} looks like a Cativa key`);
    expect(message).toContain('shell history and process lists');
    expect(message).not.toContain(KEY.slice(12));
  });

  it('names an unknown option but never an unknown value', () => {
    expect(refusal(['Sync', '--colour=blue'])).toBe(
      "unknown option '--colour' for 'rotate' (see --help)",
    );
    expect(refusal(['Sync', 's3cr3t'])).toMatch(/unexpected extra argument \(not shown/);
    expect(refusal(['Sync', '--new-key-env', 'NEW_KEY'])).toBeUndefined();
  });
});

describe('Function: newKeySource', () => {
  it('asks at a prompt only on a terminal, and fails at once without one', () => {
    expect(newKeySource(io(undefined, true), {})).toBe('prompt');
    expect(() => newKeySource(io(''), {})).toThrow(/no terminal to ask for the new key on/);
    expect(() => newKeySource(io(''), {})).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it('refuses stdin from a terminal, both sources at once, and an env value for a name', () => {
    expect(() => newKeySource(io(undefined, true), { newKeyStdin: true })).toThrow(/echoed/);
    expect(() => newKeySource(io(''), { newKeyStdin: true, newKeyEnv: 'X' })).toThrow(/not both/);
    expect(() => newKeySource(io(''), { newKeyEnv: 'not a name' })).toThrow(
      /name of an environment/,
    );
  });
});

describe('Function: readNewKey', () => {
  it('reads a piped key, dropping one trailing line break', async () => {
    const secret = await readNewKey(io(`${KEY}\n`), 'K', 'stdin', {}, noPrompts);
    expect(secret.equals(new Secret(KEY))).toBe(true);
  });

  it('reads the named environment variable', async () => {
    const secret = await readNewKey(
      io('', false, { NEW_KEY: KEY }),
      'K',
      'env',
      { newKeyEnv: 'NEW_KEY' },
      noPrompts,
    );
    expect(fingerprintOf(secret)).toEqual(fingerprintOf(new Secret(KEY)));
    await expect(
      readNewKey(io(''), 'K', 'env', { newKeyEnv: 'MISSING' }, noPrompts),
    ).rejects.toThrow(/MISSING is not set or empty/);
  });

  it('refuses a malformed key with exit 10, saying what is wrong and not the value', async () => {
    const bad = `${KEY}  \n`;
    const error = await readNewKey(io(bad), 'K', 'stdin', {}, noPrompts).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 10, code: 'KEY_MALFORMED' });
    expect((error as Error).message).toMatch(/white space; nothing was staged/);
    expect((error as Error).message).not.toContain(KEY.slice(12));
  });

  it('asks the hidden prompt with a validator that never quotes the input', async () => {
    const seen: string[] = [];
    const prompts: RotationPrompts = {
      ...noPrompts,
      secret: async (message, validate) => {
        seen.push(message, String(validate('cativa_live_XYZ')));
        return KEY;
      },
    };
    const secret = await readNewKey(
      io(undefined, true),
      'Sync HubSpot prod',
      'prompt',
      {},
      prompts,
    );
    expect(secret.equals(new Secret(KEY))).toBe(true);
    expect(seen[0]).toBe("New key for 'Sync HubSpot prod' (input hidden):");
    expect(seen[1]).toMatch(/characters/);
    expect(seen[1]).not.toContain('XYZ');
  });
});

describe('Function: checkIdentity', () => {
  const key = { name: 'K', tenant: 'Acme', userId: 'u-1', role: 'admin' } as ManagedKey;
  const scene = { keyName: 'K', key: fingerprintOf(new Secret(KEY)), primary: 'file:v#p' };
  const identity = (over: Partial<CativaIdentity>): CativaIdentity => ({
    id: 'u-1',
    customer: 'Acme',
    role: 'admin',
    email: 'a@example.com',
    displayName: 'A',
    ...over,
  });

  it('accepts the configured tenant, user and role, keeping no e-mail', () => {
    expect(checkIdentity(key, identity({}), scene)).toEqual({
      id: 'u-1',
      customer: 'Acme',
      role: 'admin',
    });
  });

  it('tells a wrong tenant (exit 14) from a wrong user or role (exit 15)', () => {
    expect(() => checkIdentity(key, identity({ customer: 'Globex' }), scene)).toThrow(
      expect.objectContaining({ exitCode: 14 }),
    );
    expect(() => checkIdentity(key, identity({ role: 'viewer' }), scene)).toThrow(
      /role is 'viewer', expected 'admin'/,
    );
    expect(() => checkIdentity(key, identity({ id: 'u-2' }), scene)).toThrow(
      expect.objectContaining({ exitCode: 15 }),
    );
  });
});
