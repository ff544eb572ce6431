interface Family {
  help?: string;
  type?: string;
  samples: string[];
}

const META = /^# (HELP|TYPE) (\S+)(?: (.*))?$/;

/**
 * Merges several registries' Prometheus text into one valid exposition: one HELP and one TYPE line
 * per metric name, followed by the samples of every registry. Services sharing a process register the
 * same names (process metrics, the bus's metrics) and tell their samples apart by their `service`
 * label, so plain concatenation would repeat HELP and TYPE for one name, which Prometheus rejects.
 * A registry whose metric has another type than the same name earlier is left out for that metric,
 * saying so in a comment line.
 */
export function mergePrometheusText(expositions: { source: string; text: string }[]): string {
  const families = new Map<string, Family>();
  const comments: string[] = [];
  for (const { source, text } of expositions) {
    let current: Family | undefined;
    let skipping = false;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const meta = META.exec(line);
      if (meta) {
        const [, kind, name = '', value = ''] = meta;
        const existing = families.get(name);
        current = existing ?? { samples: [] };
        if (!existing) families.set(name, current);
        skipping = false;
        if (kind === 'HELP') current.help ??= value;
        else if (current.type === undefined) current.type = value;
        else if (current.type !== value) {
          comments.push(`# ${source}: ${name} is a ${value} there, not a ${current.type}; left out`);
          skipping = true;
        }
        continue;
      }
      if (line.startsWith('#') || skipping) continue;
      if (!current) {
        const name = /^[^{\s]+/.exec(line)?.[0] ?? line;
        current = families.get(name) ?? { samples: [] };
        families.set(name, current);
      }
      current.samples.push(line);
    }
  }
  const out: string[] = [];
  for (const [name, family] of families) {
    if (family.help !== undefined) out.push(`# HELP ${name} ${family.help}`);
    if (family.type !== undefined) out.push(`# TYPE ${name} ${family.type}`);
    out.push(...family.samples, '');
  }
  return [...out, ...comments].join('\n') + (comments.length > 0 ? '\n' : '');
}
