/**
 * Sums the samples of one metric in Prometheus text, grouped by one label's value; undefined
 * when the metric is absent (the app does not export it yet).
 */
export function sumByLabel(
  text: string,
  metric: string,
  label?: string,
): Map<string, number> | undefined {
  let found = false;
  const sums = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(metric)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== metric) continue;
    found = true;
    const labels = match[2] ?? '';
    const group = label ? (new RegExp(`[{,]${label}="([^"]*)"`).exec(labels)?.[1] ?? '') : '';
    sums.set(group, (sums.get(group) ?? 0) + Number(match[3]));
  }
  return found ? sums : undefined;
}
