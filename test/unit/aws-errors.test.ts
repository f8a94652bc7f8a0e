import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { toVaultError } from '../../providers/aws/errors.js';
import { awsError } from '../support/moto-fake-port.js';

const LABEL = 'aws:prod/cativa/hubspot';

describe('Function: toVaultError', () => {
  it.each([
    ['ResourceNotFoundException', 400, 'AWS_NOT_FOUND', false],
    ['AccessDeniedException', 400, 'AWS_ACCESS_DENIED', false],
    ['InvalidRequestException', 400, 'AWS_INVALID_REQUEST', false],
    ['ThrottlingException', 400, 'AWS_THROTTLED', true],
    ['InternalServiceError', 500, 'AWS_UNAVAILABLE', true],
    ['ValidationException', 400, 'AWS_ERROR', false],
  ])(
    'maps %s (HTTP %i) to %s with the secret and the request id',
    (name, status, code, retryable) => {
      const cause = awsError(name, status, 'abc-123');
      const error = toVaultError(cause, LABEL, 'GetSecretValue AWSCURRENT');
      expect(error).toMatchObject({ name: 'VaultError', code, retryable, requestId: 'abc-123' });
      expect(error.message).toContain(LABEL);
      expect(error.message).toContain('GetSecretValue AWSCURRENT');
      expect(error.message).toContain('AWS request id abc-123');
      expect(error.cause).toBe(cause);
    },
  );

  it('maps ResourceExistsException (a version token reused for another value) to ConflictError', () => {
    const error = toVaultError(awsError('ResourceExistsException'), LABEL, 'PutSecretValue');
    expect(error).toMatchObject({ name: 'ConflictError', code: 'CONFLICT' });
    expect(error.message).toContain('req-1234');
  });

  it('reports a missing region as a configuration problem', () => {
    const error = toVaultError(new Error('Region is missing'), LABEL, 'DescribeSecret');
    expect(error).toMatchObject({ code: 'AWS_CONFIG', retryable: false });
  });

  it('keeps no raw response of an error the SDK could not parse', () => {
    const raw = 'cativa_live_0123456789abcdef0123456789abcdef';
    const parseError = Object.assign(new Error('Deserialization error'), {
      $response: { body: `{"SecretString":"${raw}"}` },
    });
    const error = toVaultError(parseError, LABEL, 'GetSecretValue AWSCURRENT');
    expect(error.message).toContain(LABEL);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(raw);
  });
});
