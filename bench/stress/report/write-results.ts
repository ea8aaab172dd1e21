import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StressOptions } from '../stress-options.js';
import { renderMarkdown, resultsTable } from './results-table.js';
import type { StrategyResult } from './strategy-result.js';
import { svgChart } from './svg-chart.js';

export interface RunReport {
  command: string;
  startedAt: string;
  options: StressOptions;
  results: StrategyResult[];
}

/** results.json (everything), results.md (the table and examples) and chart.svg. */
export async function writeResults(dir: string, report: RunReport): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(dir, 'results.md'), markdownReport(report));
  await writeFile(join(dir, 'chart.svg'), svgChart(report.results, chartTitle(report.options)));
}

export function settingsLine(options: StressOptions): string {
  const where = options.targets?.length
    ? `${options.targets.length} running targets`
    : `${options.processes} app processes`;
  const faults = options.faults.length
    ? `faults ${options.faults.join(', ')} every ${options.faultIntervalMs} ms (lock TTL ${options.lockTtlMs} ms)`
    : 'no faults';
  return [
    `${options.operations.toLocaleString('en-US')} ${options.mode} operations`,
    `${options.concurrency} in flight`,
    `${Math.round(options.readRatio * 100)}% reads`,
    `${options.keys} keys (${options.hotKeys} hot, ${Math.round(options.hotRatio * 100)}% of operations)`,
    where,
    `seed ${options.seed}`,
    faults,
    options.fillDelayMs ? `fill delay ${options.fillDelayMs} ms` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

function chartTitle(options: StressOptions): string {
  return `Stale reads and throughput per strategy — ${options.operations.toLocaleString('en-US')} ops, ${options.concurrency} in flight, ${options.faults.length ? 'with faults' : 'no faults'}`;
}

function markdownReport(report: RunReport): string {
  const sections = [
    `# Stress run ${report.startedAt}`,
    '',
    `\`${report.command}\``,
    '',
    settingsLine(report.options),
    '',
    renderMarkdown(resultsTable(report.results)),
    '',
    '![stale reads and throughput](chart.svg)',
  ];
  for (const result of report.results) {
    const { examples } = result;
    const lines: string[] = result.revision ? [`- app code: ${result.revision}`] : [];
    for (const stale of examples.staleReads.slice(0, 5)) {
      lines.push(
        `- stale read #${stale.readId} of ${stale.key} at ${(stale.readInvokedAt / 1000).toFixed(2)} s: saw ${stale.observed}, but write #${stale.writeId} had stored ${stale.expectedAtLeast} ${stale.staleForMs.toFixed(1)} ms before the read began`,
      );
    }
    for (const odd of examples.unexplainedReads.slice(0, 5)) {
      lines.push(
        `- unexplained read #${odd.readId} of ${odd.key}: saw ${odd.observed} (${odd.reason})`,
      );
    }
    for (const mismatch of examples.finalMismatches.slice(0, 5)) {
      lines.push(
        `- final mismatch on ${mismatch.key} via process ${mismatch.target}: ${mismatch.status} ${JSON.stringify(mismatch.row ?? mismatch.error)}, MySQL ${JSON.stringify(mismatch.expected)}`,
      );
    }
    for (const violation of examples.linearizabilityViolations.slice(0, 2)) {
      lines.push(
        `- not linearizable: ${violation.key}, operation #${violation.stuckId} after ${violation.linearizedBefore} placed (state ${violation.stateBefore}); window: ${violation.window.map((operation) => `#${operation.id} ${operation.kind} ${operation.order ?? '?'} [${operation.invokedAt.toFixed(1)}, ${operation.completedAt.toFixed(1)}]`).join('; ')}`,
      );
    }
    for (const [status, message] of Object.entries(result.errorMessages ?? {})) {
      lines.push(`- ${status}, e.g.: ${message}`);
    }
    if (result.inventory) {
      const inventory = result.inventory;
      lines.push(
        `- inventory: ${inventory.goods} goods, oversold ${inventory.oversold.length}, unbalanced ${inventory.unbalanced.length}, sales disagreeing ${inventory.salesDisagree.length} (acknowledged ${inventory.acknowledgedSold}, recorded ${inventory.recordedSold})`,
      );
    }
    lines.push(...faultLines(result));
    if (lines.length) sections.push('', `## ${result.strategy}`, '', ...lines);
  }
  return `${sections.join('\n')}\n`;
}

/** One line per kind of fault: how often it fired, how long it lasted, and any that failed. */
function faultLines(result: StrategyResult): string[] {
  const byFault = new Map<string, typeof result.faults>();
  for (const event of result.faults) {
    byFault.set(event.fault, [...(byFault.get(event.fault) ?? []), event]);
  }
  return [...byFault].map(([fault, events]) => {
    const longest = Math.max(...events.map((event) => event.durationMs));
    const failed = events.filter((event) => event.error);
    const errors = failed.length ? `, ${failed.length} failed (${failed[0].error})` : '';
    return `- fault ${fault}: ${events.length}×, each up to ${longest.toFixed(0)} ms${errors}`;
  });
}
