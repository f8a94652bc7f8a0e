import { describe, expect, it } from 'vitest';
import { parseObject, sameApartFrom, withField } from '../../providers/aws/json-field.js';

describe('Function: withField', () => {
  it('replaces only the field value, keeping every other byte', () => {
    const text = '{\n  "big": 12345678901234567890,\n  "k" : "old",\n  "n": {"k": "inner"}\n}';
    expect(withField(text, 'k', 'new')).toBe(
      '{\n  "big": 12345678901234567890,\n  "k" : "new",\n  "n": {"k": "inner"}\n}',
    );
  });

  it('replaces the last of duplicate keys, the one JSON.parse keeps', () => {
    const out = withField('{"k":"a","k":"b"}', 'k', 'c');
    expect(out).toBe('{"k":"a","k":"c"}');
    expect(JSON.parse(out)).toEqual({ k: 'c' });
  });

  it('appends a missing field after the last member, or into an empty object', () => {
    expect(withField('{"a":[1,{"b":"}"}]} ', 'k', 'v')).toBe('{"a":[1,{"b":"}"}],"k":"v"} ');
    expect(withField(' { } ', 'k', 'v')).toBe(' {"k":"v" } ');
    expect(withField(undefined, 'k', 'v')).toBe('{"k":"v"}');
  });

  it('handles escapes in keys and values', () => {
    const text = '{"a\\"b":"x\\"}","k":"old"}';
    const out = withField(text, 'k', 'q"uote');
    expect(JSON.parse(out)).toEqual({ 'a"b': 'x"}', k: 'q"uote' });
    expect(JSON.parse(withField(text, 'a"b', 'y'))).toEqual({ 'a"b': 'y', k: 'old' });
  });
});

describe('Function: parseObject', () => {
  it('accepts objects only, without throwing', () => {
    expect(parseObject('{"a":1}').ok).toBe(true);
    expect(parseObject('[1]').ok).toBe(false);
    expect(parseObject('cativa_live_x').ok).toBe(false);
    expect(parseObject('null').ok).toBe(false);
  });
});

describe('Function: sameApartFrom', () => {
  it('compares texts ignoring one field', () => {
    expect(sameApartFrom('{"u":"a","k":"1"}', '{"u":"a","k":"2"}', 'k')).toBe(true);
    expect(sameApartFrom('{"u":"a","k":"1"}', '{"u":"b","k":"1"}', 'k')).toBe(false);
  });
});
