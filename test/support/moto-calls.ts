import type { SecretsManager } from '@aws-sdk/client-secrets-manager';

/** Counts the AWS calls a client makes, by command name (`ListSecretsCommand`, ...). */
export interface CallCounter {
  /** Calls per command since the last reset; retries of one call count once. */
  byCommand(): Record<string, number>;
  total(): number;
  reset(): void;
}

/**
 * Adds a middleware to the client that counts each command once (at the `initialize` step, so
 * SDK retries are not counted as calls of their own).
 */
export function countCalls(client: SecretsManager): CallCounter {
  let counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'cativaKeysCallCounter' },
  );
  return {
    byCommand: () => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => {
      counts = new Map();
    },
  };
}
