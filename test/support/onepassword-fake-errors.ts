/**
 * Errors shaped as the 1Password SDK 0.5.0 throws them: three classes whose `name` is left as
 * `Error` (only the constructor name tells them apart), and plain `Error`s carrying a message
 * from the SDK's core. The messages are the core's own words, as found in its WASM binary.
 */

export class RateLimitExceededError extends Error {
  constructor(message = 'rate limit exceeded') {
    super();
    this.message = message;
  }
}

export class AuthExpiredError extends Error {
  constructor(message = 'you are not authenticated') {
    super();
    this.message = message;
  }
}

/** Messages of the SDK core's message-only errors. */
export const SDK_MESSAGES = {
  notFound: 'resource not found',
  conflict:
    'a conflict occurred on the server. this usually happens due to a race condition in requests',
  invalidToken:
    'invalid service account token, please make sure you provide a valid service account token as parameter: ',
  permission: "you don't have the right permissions to access this resource",
  moreThanOneItem: 'more than one item matched the secret reference query',
  duplicateFieldIds:
    'invalid user input: item contained duplicate field ids. Make sure every id is unique.',
  duplicateSectionIds:
    'invalid user input: item contained duplicate section ids. Make sure every id is unique.',
} as const;

/** A message-only SDK error. */
export function sdkError(message: string): Error {
  return new Error(message);
}
