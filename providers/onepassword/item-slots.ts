import { VaultError } from '../../src/errors.js';
import { fingerprintOf, Secret } from '../../src/secret.js';
import { type FieldLayout, type ItemParts, locate } from './layout.js';
import { CONCEALED, type Item, type ItemField, TEXT } from './port.js';
import type { OpSlot, OpSlots } from './slots.js';
import { type FieldState, parseFieldState, type SlotRecord, serializeFieldState } from './state.js';

/**
 * Reading and writing the slots of one managed field in an item (see `layout.ts` for where they
 * are). Writes change only the managed field's value and the tool's section: every other field,
 * section, note, tag, website and file of the item is carried over as read.
 */

function slotOf(
  field: ItemField | undefined,
  record: SlotRecord | undefined,
  updatedAt: Date,
): OpSlot | undefined {
  if (!field?.value) return undefined;
  const value = new Secret(field.value);
  if (record && record.sha256 === fingerprintOf(value).sha256) {
    return { value, storedAt: record.storedAt, estimated: record.estimated === true };
  }
  // Not written by the tool, or edited since: the item's last change is the best we know.
  return { value, storedAt: updatedAt, estimated: true };
}

/** The slots of the managed field in `item`; a missing item has every slot empty. */
export function slotsOf(item: Item | undefined, layout: FieldLayout, label: string): OpSlots {
  if (!item) return {};
  const located = locate(item, layout, label);
  const state = parseFieldState(located.state?.value);
  const current = slotOf(located.current, state.current, item.updatedAt);
  const pending = slotOf(located.pending, state.pending, item.updatedAt);
  const previous = slotOf(located.previous, state.previous, item.updatedAt);
  return {
    ...(current ? { current } : {}),
    ...(pending ? { pending } : {}),
    ...(previous ? { previous } : {}),
    ...(state.promotedAt ? { promotedAt: state.promotedAt } : {}),
  };
}

function recordOf(slot: OpSlot | undefined): SlotRecord | undefined {
  if (!slot?.storedAt) return undefined;
  return {
    sha256: fingerprintOf(slot.value).sha256,
    storedAt: slot.storedAt,
    ...(slot.estimated ? { estimated: true } : {}),
  };
}

function stateOf(slots: OpSlots): FieldState {
  const current = recordOf(slots.current);
  const pending = recordOf(slots.pending);
  const previous = recordOf(slots.previous);
  return {
    ...(current ? { current } : {}),
    ...(pending ? { pending } : {}),
    ...(previous ? { previous } : {}),
    ...(slots.promotedAt ? { promotedAt: slots.promotedAt } : {}),
  };
}

/** Generates ids for new sections and fields. */
export type NewId = () => string;

/**
 * The item's parts with `slots` written in: the managed field's value, the tool's fields
 * (added, changed or removed) and its section (added when missing). Returns new arrays; other
 * fields and sections are carried over unchanged and in order.
 */
export function withSlots(
  parts: ItemParts,
  layout: FieldLayout,
  slots: OpSlots,
  newId: NewId,
  label: string,
): ItemParts {
  const located = locate(parts, layout, label);
  let fields = parts.fields.map((f) => ({ ...f }));
  const sections = parts.sections.map((s) => ({ ...s }));

  const set = (existing: ItemField | undefined, value: string, make: () => ItemField) => {
    if (existing) fields = fields.map((f) => (f.id === existing.id ? { ...f, value } : f));
    else fields.push(make());
  };
  const remove = (existing: ItemField | undefined) => {
    if (existing) fields = fields.filter((f) => f.id !== existing.id);
  };

  if (slots.current) {
    const type = located.current?.fieldType;
    if (type !== undefined && type !== CONCEALED && type !== TEXT) {
      throw new VaultError(
        label,
        `field '${layout.field}' is a ${type} field; keys go in Concealed or Text fields`,
        {
          code: 'ONEPASSWORD_FIELD_TYPE',
        },
      );
    }
    // The one place this provider reveals a value: writing it into the item.
    const value = slots.current.value.reveal();
    set(located.current, value, () => {
      let home = sections.find((s) => s.title === '');
      if (!home) {
        home = { id: newId(), title: '' };
        sections.push(home);
      }
      return { id: newId(), title: layout.field, sectionId: home.id, fieldType: CONCEALED, value };
    });
  }

  let section = located.section;
  if (!section) {
    section = { id: newId(), title: layout.section };
    sections.push(section);
  }
  const sectionId = section.id;
  const owned = (
    title: string,
    value: string,
    fieldType: ItemField['fieldType'] = CONCEALED,
  ): ItemField => ({
    id: newId(),
    title,
    sectionId,
    fieldType,
    value,
  });
  for (const slot of ['pending', 'previous'] as const) {
    const held = slots[slot];
    if (held) {
      const value = held.value.reveal();
      set(located[slot], value, () => owned(layout.titles[slot], value));
    } else {
      remove(located[slot]);
    }
  }
  const state = serializeFieldState(stateOf(slots));
  set(located.state, state, () => owned(layout.titles.state, state, TEXT));
  return { fields, sections };
}
