import { consistencyText } from './statistics.js';
import type { StalenessSummary } from '../checker/staleness.js';
import type { LatencySummary, StrategyResult } from './strategy-result.js';

export interface Table {
  header: string[];
  rows: string[][];
}

/**
 * The comparison table: one row per strategy. With out-of-band writes, two more columns split
 * the stale reads by the kind of write they missed, each with its largest staleness.
 */
export function resultsTable(results: readonly StrategyResult[]): Table {
  const writeKind = results.some((result) => result.latencyMs.sell) ? 'sell' : 'write';
  const split = results.some((result) => result.staleness);
  const table = {
    header: [
      'strategy',
      'ops/s',
      'read p50/p99 ms',
      `${writeKind} p50/p99 ms`,
      'hit ratio',
      'MySQL loads',
      'stale reads',
      'consistency',
      'final mismatches',
      'linearizable keys',
      'errors by kind and status',
    ],
    rows: results.map((result) => [
      result.strategy + (result.truncated ? ' (time bound hit)' : ''),
      Math.round(result.opsPerSecond).toLocaleString('en-US'),
      latency(result.latencyMs.read),
      latency(result.latencyMs[writeKind]),
      result.hitRatio === undefined ? 'n/a' : `${(result.hitRatio * 100).toFixed(1)}%`,
      result.dbLoads === undefined ? 'n/a' : result.dbLoads.toLocaleString('en-US'),
      `${result.staleReads} / ${result.reads}`,
      consistencyText(result.staleReads, result.reads),
      result.finalMismatches === undefined ? 'n/a' : String(result.finalMismatches),
      linearizable(result),
      errors(result.errorsByStatus),
    ]),
  };
  if (!split) return table;
  const at = table.header.indexOf('consistency');
  table.header.splice(
    at,
    0,
    'stale after in-app writes (max)',
    'stale after out-of-band (max)',
    'CDC lag p99 / max ms',
  );
  results.forEach((result, index) => {
    const { inApp, external } = result.staleness ?? {};
    const lag = result.cdcLag?.invalidations
      ? `≤${result.cdcLag.p99Ms} / ≤${result.cdcLag.maxMs ?? '∞'}`
      : 'n/a';
    table.rows[index].splice(at, 0, stalenessText(inApp), stalenessText(external), lag);
  });
  return table;
}

function stalenessText(summary: StalenessSummary | undefined): string {
  if (!summary) return 'n/a';
  return summary.staleReads ? `${summary.staleReads} (${summary.maxMs.toFixed(0)} ms)` : '0';
}

function latency(summary: LatencySummary | undefined): string {
  return summary ? `${summary.p50.toFixed(1)} / ${summary.p99.toFixed(1)}` : 'n/a';
}

function linearizable(result: StrategyResult): string {
  const check = result.linearizability;
  if (!check) return 'not checked';
  const parts = [`${check.linearizableKeys}/${check.keysChecked}`];
  if (check.violatingKeys) parts.push(`${check.violatingKeys} violating`);
  if (check.inconclusiveKeys) parts.push(`${check.inconclusiveKeys} inconclusive`);
  return parts.join(', ');
}

function errors(byStatus: Record<string, number>): string {
  const entries = Object.entries(byStatus);
  return entries.length === 0
    ? 'none'
    : entries.map(([status, count]) => `${status}: ${count}`).join(', ');
}

export function renderMarkdown(table: Table): string {
  const line = (cells: string[]) =>
    `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(table.header), line(table.header.map(() => '---')), ...table.rows.map(line)].join(
    '\n',
  );
}

export function renderTerminal(table: Table): string {
  const widths = table.header.map((title, column) =>
    Math.max(title.length, ...table.rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [line(table.header), rule, ...table.rows.map(line)].join('\n');
}
