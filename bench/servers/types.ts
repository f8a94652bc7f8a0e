/** A local vault server behind a latency proxy, and how to point the tool at it. */
export interface VaultServer {
  /** The provider's registry name: `aws`, `doppler`. */
  readonly provider: string;
  /** `providers.<provider>` in the config. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Environment the provider reads (endpoint, credentials, token). */
  readonly env: Readonly<Record<string, string>>;
  /** A location config for a slug unique within the run (`key-42`, `rot-1`). */
  location(slug: string): Readonly<Record<string, unknown>>;
  /**
   * `providers.<provider>` for an audit of the locations whose slugs start with `group/` only
   * (e.g. the AWS name prefix they share); default {@link settings}.
   */
  settingsFor?(group: string): Readonly<Record<string, unknown>>;
  /** Sets the injected latency per request, in milliseconds. */
  setLatency(ms: number): void;
  /** Requests by kind (`aws ListSecrets`, `doppler GET /v3/configs/config/secrets`) since the last reset. */
  calls(): Readonly<Record<string, number>>;
  resetCounters(): void;
  close(): Promise<void>;
}

/** A server, or why it cannot run here (its provider has not landed, a binary is missing). */
export type ServerStart = VaultServer | { readonly unavailable: string };

/**
 * Sets `env` in `process.env` for in-process use of providers whose SDK reads the process
 * environment (the AWS SDK's default chain does, by design); returns the function that restores
 * what was there.
 */
export function applyEnv(env: Readonly<Record<string, string>>): () => void {
  const saved = Object.keys(env).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, env);
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
