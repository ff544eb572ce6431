// A small YAML emitter for JSON data (objects, arrays, strings, numbers, booleans, null), so the
// contracts project needs no YAML dependency. Strings are quoted (JSON style, which YAML accepts)
// whenever a plain scalar could be read as something else.
const plainSafe = /^[A-Za-z_][A-Za-z0-9_ ./-]*$/;
const reservedWords = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value);
  const plain = plainSafe.test(text) && !reservedWords.test(text) && !text.endsWith(' ') && !/ (#|-)|: /.test(text);
  return plain ? text : JSON.stringify(text);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isEmptyCollection = (value: unknown) =>
  (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);

function emit(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (isEmptyCollection(item) || (!Array.isArray(item) && !isPlainObject(item))) {
        return [`${indent}- ${isEmptyCollection(item) ? JSON.stringify(item) : scalar(item)}`];
      }
      const [first, ...rest] = emit(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, item]) => {
      const label = `${indent}${scalar(key)}:`;
      if (isEmptyCollection(item)) return [`${label} ${JSON.stringify(item)}`];
      if (Array.isArray(item) || isPlainObject(item)) return [label, ...emit(item, `${indent}  `)];
      return [`${label} ${scalar(item)}`];
    });
  }
  return [`${indent}${scalar(value)}`];
}

export function toYaml(value: unknown): string {
  return `${emit(value, '').join('\n')}\n`;
}
