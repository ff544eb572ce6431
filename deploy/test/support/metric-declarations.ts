import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';
import { projectSourceFiles } from '@switchyard/testing';

export interface MetricDeclaration {
  name: string;
  kind: 'counter' | 'gauge' | 'histogram';
  labelNames: string[];
  /** Where it is declared, `path:line` from the repository root. */
  at: string;
}

export interface SourceMetrics {
  metrics: Map<string, MetricDeclaration>;
  /** Labels every metric of a registry carries (`registry.setDefaultLabels({ … })`). */
  defaultLabels: Set<string>;
  /** Every string literal of the sources: the label values the code can write. */
  strings: Set<string>;
}

const kinds: Record<string, MetricDeclaration['kind']> = {
  Counter: 'counter',
  counter: 'counter',
  Gauge: 'gauge',
  gauge: 'gauge',
  Histogram: 'histogram',
  histogram: 'histogram',
};

const unwrap = (node: ts.Expression): ts.Expression =>
  ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node) ? unwrap(node.expression) : node;

const stringOf = (node: ts.Expression): string | undefined => {
  const inner = unwrap(node);
  return ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) ? inner.text : undefined;
};

function property(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
  }
  return undefined;
}

/**
 * Reads every Prometheus metric the sources declare, the way prom-client is called here: `new
 * Counter|Gauge|Histogram({ name, labelNames })` and `metrics.counter|gauge|histogram({ … })`, with the
 * name a string or a `const` (`BusMetricNames.deadLettered`). A declaration whose name cannot be read
 * throws, so a new way of declaring metrics is noticed rather than skipped.
 */
export function sourceMetrics(repoRoot: string): SourceMetrics {
  const metrics = new Map<string, MetricDeclaration>();
  const defaultLabels = new Set<string>();
  const strings = new Set<string>();
  // Specs and their support declare metrics of their own.
  for (const file of projectSourceFiles(repoRoot, new Set(['spec-support']))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const constants = new Map<string, string>();
    const calls: Array<{ kind: MetricDeclaration['kind']; config: ts.ObjectLiteralExpression }> = [];
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) strings.add(node.text);
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        const init = unwrap(node.initializer);
        const value = stringOf(init);
        if (value !== undefined) constants.set(node.name.text, value);
        if (ts.isObjectLiteralExpression(init)) {
          for (const p of init.properties) {
            const text = ts.isPropertyAssignment(p) ? stringOf(p.initializer) : undefined;
            if (text !== undefined) constants.set(`${node.name.text}.${p.name!.getText()}`, text);
          }
        }
      }
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.arguments?.length) {
        const callee = node.expression;
        const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
        const config = unwrap(node.arguments[0]);
        if (calleeName === 'setDefaultLabels' && ts.isObjectLiteralExpression(config)) {
          for (const p of config.properties) if (p.name) defaultLabels.add(p.name.getText());
        }
        const kind = calleeName !== undefined && Object.hasOwn(kinds, calleeName) ? kinds[calleeName] : undefined;
        if (kind && ts.isObjectLiteralExpression(config) && property(config, 'name')) calls.push({ kind, config });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    for (const { kind, config } of calls) {
      const nameNode = unwrap(property(config, 'name')!);
      const at = `${relative(repoRoot, file)}:${source.getLineAndCharacterOfPosition(nameNode.getStart()).line + 1}`;
      const name = stringOf(nameNode) ?? constants.get(nameNode.getText());
      if (name === undefined) throw new Error(`${at}: cannot read this metric's name (${nameNode.getText()}); teach deploy/test/support/metric-declarations.ts`);
      const labels = property(config, 'labelNames');
      const list = labels === undefined ? undefined : unwrap(labels);
      if (list !== undefined && !ts.isArrayLiteralExpression(list)) throw new Error(`${at}: labelNames of ${name} is not a literal array`);
      const labelNames = (list?.elements ?? []).map((element) => {
        const label = stringOf(element);
        if (label === undefined) throw new Error(`${at}: a label name of ${name} is not a string literal`);
        return label;
      });
      metrics.set(name, { name, kind, labelNames, at });
    }
  }
  return { metrics, defaultLabels, strings };
}
