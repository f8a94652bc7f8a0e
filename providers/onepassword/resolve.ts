import { VaultError } from '../../src/errors.js';
import { ambiguousReference } from './errors.js';

/** Anything 1Password names with an id and a title: vaults, items, sections, fields. */
export interface Named {
  readonly id: string;
  readonly title: string;
}

/**
 * Finds the candidate a reference names: the one with that id, else the ones with that title
 * (exactly, then ignoring case). Returns undefined when none matches; throws `VaultError`
 * (`ONEPASSWORD_AMBIGUOUS`, listing the candidates' ids) when a title matches more than one.
 *
 * @param what what the candidates are, for the message (`vault`, `item`, `field`)
 * @param idOf how a candidate is listed in the message (default: its id)
 */
export function pickByReference<T extends Named>(
  candidates: readonly T[],
  reference: string,
  what: string,
  label: string,
  idOf: (candidate: T) => string = (candidate) => candidate.id,
): T | undefined {
  const byId = candidates.find((c) => c.id === reference);
  if (byId) return byId;
  let matches = candidates.filter((c) => c.title === reference);
  if (matches.length === 0) {
    const lower = reference.toLowerCase();
    matches = candidates.filter((c) => c.title.toLowerCase() === lower);
  }
  if (matches.length > 1) throw ambiguousReference(label, what, reference, matches.map(idOf));
  return matches[0];
}

/** A vault that the service account cannot see (absent or not shared with it). */
export function vaultNotFound(label: string, reference: string): VaultError {
  return new VaultError(
    label,
    `no vault '${reference}' is visible to the service account (check its title or id, and that it is shared with the account)`,
    { code: 'ONEPASSWORD_NOT_FOUND' },
  );
}
