/** A parsed JSONPath of the simple form `$.a.b[0]['c-d']`: a list of property names and indexes. */
export type JsonPath = ReadonlyArray<string | number>;

const SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

/** Parses the supported JSONPath subset; returns undefined for anything else (filters, wildcards, ..). */
export function parseJsonPath(text: string): JsonPath | undefined {
  if (!text.startsWith('$')) return undefined;
  const path: Array<string | number> = [];
  let rest = text.slice(1);
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (!match) return undefined;
    const [whole, name, index, single, double] = match;
    path.push(index !== undefined ? Number(index) : (name ?? single ?? double));
    rest = rest.slice(whole.length);
  }
  return path;
}

export function readJsonPath(document: unknown, path: JsonPath): unknown {
  let current = document;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
