/** A hand-written fake of the Secrets Manager port, for the branches moto cannot show. */
import type { SecretsManagerPort } from '../../providers/aws/port.js';

type Method = keyof SecretsManagerPort;
type Handlers = { [M in Method]?: (input: Parameters<SecretsManagerPort[M]>[0]) => unknown };

/** A recorded call to the fake. */
export interface FakeCall {
  readonly method: Method;
  readonly input: unknown;
}

/** An AWS service exception as the SDK v3 shapes it (name, fault, metadata with request id). */
export function awsError(name: string, status = 400, requestId = 'req-1234'): Error {
  return Object.assign(new Error(`${name} from the fake`), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId },
  });
}

/**
 * A scripted fake of the Secrets Manager port: each method answers with its handler (a thrown
 * error becomes a rejection) and a call without a handler fails the test.
 */
export function fakePort(handlers: Handlers): SecretsManagerPort & { calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  const method =
    (name: Method) =>
    async (input: unknown): Promise<never> => {
      calls.push({ method: name, input });
      const handler = handlers[name] as ((i: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`unexpected call: ${name}`);
      return { $metadata: { requestId: 'req-ok' }, ...(handler(input) as object) } as never;
    };
  return {
    calls,
    describeSecret: method('describeSecret'),
    getSecretValue: method('getSecretValue'),
    batchGetSecretValue: method('batchGetSecretValue'),
    listSecrets: method('listSecrets'),
    createSecret: method('createSecret'),
    putSecretValue: method('putSecretValue'),
    updateSecretVersionStage: method('updateSecretVersionStage'),
    tagResource: method('tagResource'),
  };
}
