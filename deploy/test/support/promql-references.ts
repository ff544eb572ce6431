export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface Selector {
  metric: string;
  matchers: LabelMatcher[];
}

export interface PromqlReferences {
  selectors: Selector[];
  /** Labels named in `by (…)`, `without (…)`, `on (…)`, `ignoring (…)`, `group_left/right (…)`. */
  groupingLabels: string[];
}

const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
// A name, with its matchers if any. Functions and aggregations (a name followed by `(`) and keywords are
// told apart below.
const SELECTOR = /\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?/g;
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;
const KEYWORDS = new Set(['and', 'or', 'unless', 'offset', 'bool', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan']);

/**
 * The selectors and grouping labels of a PromQL expression, for checking names against the code. Not a
 * full parser: it reads the plain forms the rule files use, and throws on what it cannot read (a `{…}`
 * without a metric name, a matcher it does not understand, unbalanced brackets) instead of skipping it.
 */
export function promqlReferences(expr: string): PromqlReferences {
  const unbalanced = unbalancedBracket(expr);
  if (unbalanced) throw new Error(`unbalanced ${unbalanced} in: ${expr}`);
  const groupingLabels: string[] = [];
  const rest = expr
    .replace(GROUPING, (_, labels: string) => {
      groupingLabels.push(...labels.split(',').map((l) => l.trim()).filter(Boolean));
      return ' ';
    })
    .replace(/\[[^\]]*\]/g, ' ');
  const selectors: Selector[] = [];
  const withoutSelectors = rest.replace(SELECTOR, (match, name: string, braces: string | undefined, offset: number) => {
    const after = rest.slice(offset + match.length);
    if (/^\s*\(/.test(after) && braces === undefined) return match; // a function or aggregation
    if (KEYWORDS.has(name.toLowerCase()) || /^\d/.test(name)) return match;
    const matchers = braces === undefined ? [] : braces.slice(1, -1).split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).filter((m) => m.trim()).map((m) => parseMatcher(m, expr));
    selectors.push({ metric: name, matchers });
    return ' ';
  });
  if (withoutSelectors.includes('{')) throw new Error(`a label matcher without a metric name in: ${expr}`);
  return { selectors, groupingLabels };
}

function parseMatcher(text: string, expr: string): LabelMatcher {
  const match = MATCHER.exec(text);
  if (!match) throw new Error(`cannot read the label matcher "${text.trim()}" in: ${expr}`);
  return { label: match[1], op: match[2] as LabelMatcher['op'], value: match[3] };
}

/** The first bracket that does not close (or closes another), strings skipped; undefined when balanced. */
function unbalancedBracket(expr: string): string | undefined {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const open: string[] = [];
  for (const char of expr.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if ('([{'.includes(char)) open.push(char);
    else if (char in pairs && open.pop() !== pairs[char]) return char;
  }
  return open.at(-1);
}
