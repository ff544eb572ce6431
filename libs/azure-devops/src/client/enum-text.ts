/**
 * azure-devops-node-api turns enum strings from the wire ("completed") into numbers; we hand
 * consumers the wire spelling back so they compare against documented REST values.
 */
export function enumText(names: Record<number, string>, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const name = typeof value === 'number' ? names[value] : String(value);
  if (name === undefined) return String(value);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function optionalDate(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === 'string' ? value : undefined;
}
