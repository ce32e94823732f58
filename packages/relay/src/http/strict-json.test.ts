import { describe, expect, it } from 'vitest';
import { InvalidJsonError, MAX_JSON_DEPTH, parseStrictJson } from './strict-json.js';

describe('parseStrictJson', () => {
  it('parses ordinary JSON, including keys repeated in different objects', () => {
    expect(parseStrictJson('{"a": {"x": 1}, "b": {"x": "}{,\\""}, "c": [{"x": 1}, {"x": 2}]}')).toEqual({
      a: { x: 1 },
      b: { x: '}{,"' },
      c: [{ x: 1 }, { x: 2 }],
    });
  });

  it('refuses duplicate keys, even spelled with escapes', () => {
    expect(() => parseStrictJson('{"a": 1, "a": 2}')).toThrow(InvalidJsonError);
    expect(() => parseStrictJson('{"b": {"a": 1, "\\u0061": 2}}')).toThrow(InvalidJsonError);
  });

  it('does not mistake string values for keys', () => {
    expect(parseStrictJson('{"a": "b", "b": ["a", "a"]}')).toEqual({ a: 'b', b: ['a', 'a'] });
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(() => parseStrictJson(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).not.toThrow();
    expect(() => parseStrictJson(`${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`)).toThrow(InvalidJsonError);
  });

  it('refuses malformed JSON', () => {
    for (const text of ['', '{', '{"a": NaN}', "{'a': 1}", '{"a": 1,}']) expect(() => parseStrictJson(text)).toThrow(InvalidJsonError);
  });
});
