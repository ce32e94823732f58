/**
 * JSON parsing that refuses what `JSON.parse` lets through: duplicate keys
 * (which parsers resolve differently, a classic smuggling trick) and nesting
 * deeper than 32 levels.
 */

export const MAX_JSON_DEPTH = 32;

/** The body is not acceptable JSON; `reason` is for logs and tests, never for people. */
export class InvalidJsonError extends Error {
  override name = 'InvalidJsonError';
}

/**
 * Parses `text`, refusing malformed JSON, duplicate keys in any object and
 * nesting deeper than `MAX_JSON_DEPTH`.
 */
export function parseStrictJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidJsonError('malformed');
  }
  checkStructure(text);
  return value;
}

/**
 * Walks already-valid JSON text once. A string is an object key when it follows
 * `{` or a `,` inside an object; keys are decoded so `"a"` and `"\u0061"` collide.
 */
function checkStructure(text: string): void {
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (keys.has(key)) throw new InvalidJsonError(`duplicate key ${JSON.stringify(key)}`);
        keys.add(key);
        expectKey = false;
      }
    } else if (ch === '{' || ch === '[') {
      stack.push(ch === '{' ? new Set() : null);
      if (stack.length > MAX_JSON_DEPTH) throw new InvalidJsonError('too deep');
      expectKey = ch === '{';
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
}
