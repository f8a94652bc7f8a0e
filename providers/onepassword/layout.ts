import { FIELD_PLACEHOLDER, type OnePasswordLocation, type OnePasswordSettings } from './config.js';
import { ambiguousReference } from './errors.js';
import type { Item, ItemField, ItemSection } from './port.js';
import { pickByReference } from './resolve.js';

/**
 * Where one managed field's slots live in an item: `current` is the field the location names;
 * `pending`, `previous` and the tool's `state` are fields of a section the tool owns, one per
 * managed field (see `config.ts`).
 */
export interface FieldLayout {
  /** The location's `field`: id or title of the field holding the current key. */
  readonly field: string;
  /** Title of the tool's section for this field. */
  readonly section: string;
  readonly titles: OnePasswordSettings['fields'];
}

/** The layout of a location under the given settings. */
export function layoutOf(
  settings: OnePasswordSettings,
  location: OnePasswordLocation,
): FieldLayout {
  return {
    field: location.field,
    section: settings.section.replaceAll(FIELD_PLACEHOLDER, location.field),
    titles: settings.fields,
  };
}

/** The parts of an item that hold slots; everything else of the item is never touched. */
export type ItemParts = Pick<Item, 'fields' | 'sections'>;

/** The fields and section of one managed field in an item; undefined where absent. */
export interface Located {
  readonly current: ItemField | undefined;
  readonly section: ItemSection | undefined;
  readonly pending: ItemField | undefined;
  readonly previous: ItemField | undefined;
  readonly state: ItemField | undefined;
}

function single<T extends { id: string }>(
  matches: readonly T[],
  what: string,
  title: string,
  label: string,
): T | undefined {
  if (matches.length > 1) {
    throw ambiguousReference(
      label,
      what,
      title,
      matches.map((m) => m.id),
    );
  }
  return matches[0];
}

/**
 * Finds the managed field and the tool's section and fields. Throws `ONEPASSWORD_AMBIGUOUS` when
 * a title matches more than one of them.
 */
export function locate(parts: ItemParts, layout: FieldLayout, label: string): Located {
  const section = single(
    parts.sections.filter((s) => s.title === layout.section),
    'section',
    layout.section,
    label,
  );
  const owned = section ? parts.fields.filter((f) => f.sectionId === section.id) : [];
  const ownedField = (title: string) =>
    single(
      owned.filter((f) => f.title === title),
      `field of section '${layout.section}'`,
      title,
      label,
    );
  const sectionTitle = (id: string | undefined) =>
    parts.sections.find((s) => s.id === id)?.title || '(no title)';
  const others = parts.fields.filter((f) => !section || f.sectionId !== section.id);
  return {
    current: pickByReference(others, layout.field, 'field', label, (f) =>
      f.sectionId === undefined ? f.id : `${f.id} in section '${sectionTitle(f.sectionId)}'`,
    ),
    section,
    pending: ownedField(layout.titles.pending),
    previous: ownedField(layout.titles.previous),
    state: ownedField(layout.titles.state),
  };
}
