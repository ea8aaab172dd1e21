/**
 * `npm run stress -- [options]`: drives the app processes with a recorded, checked workload per
 * cache strategy and writes the comparison to bench/results/<timestamp>/. See docs/stress.md.
 */
import { SingleBar, Presets } from 'cli-progress';
import { join } from 'node:path';
import { parseCliOptions, USAGE, UsageError } from './cli-options.js';
import { REPOSITORY_ROOT } from '../../support/repository-root.js';
import { renderTerminal, resultsTable } from './report/results-table.js';
import { settingsLine, writeResults } from './report/write-results.js';
import type { StrategyResult } from './report/strategy-result.js';
import { runStress } from './run-stress.js';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let parsed;
  try {
    parsed = parseCliOptions(argv);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const options = parsed;
  const startedAt = new Date().toISOString();
  const runDir =
    options.resultsDir ??
    join(REPOSITORY_ROOT, 'bench', 'results', startedAt.replace(/[:.]/g, '-'));
  options.resultsDir = runDir;
  process.stdout.write(`${settingsLine(options)}\n`);

  // without a terminal (a log file, CI) the bar gives way to status lines and a line per 10%
  const bar =
    options.progress && process.stdout.isTTY
      ? new SingleBar(
          {
            format: '{strategy} [{bar}] {value}/{total} ops | {rate} ops/s | {duration}s',
            hideCursor: true,
          },
          Presets.shades_classic,
        )
      : undefined;
  const report = {
    command: `npm run stress${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    startedAt,
    options,
  };
  const finished: StrategyResult[] = [];
  let pending = Promise.resolve();
  let strategy = '';
  let began = 0;
  const results = await runStress(
    options,
    {
      onStatus: (message) => {
        if (!bar) process.stdout.write(`${message}\n`);
      },
      onStrategyStart: (name, total) => {
        strategy = name;
        began = 0;
        bar?.start(total, 0, { strategy, rate: 0 });
      },
      onProgress: (done) => {
        began ||= Date.now();
        const seconds = (Date.now() - began) / 1000;
        const rate = seconds > 0 ? Math.round(done / seconds) : 0;
        if (bar) bar.update(done, { strategy, rate });
        else if (options.progress && done % Math.ceil(options.operations / 10) === 0) {
          process.stdout.write(`${strategy}: ${done}/${options.operations} ops, ${rate} ops/s\n`);
        }
      },
      onStrategyEnd: (result) => {
        bar?.stop();
        finished.push(result);
        // written after every strategy, so a long run that is stopped still leaves its results
        pending = pending.then(() => writeResults(runDir, { ...report, results: [...finished] }));
        process.stdout.write(
          `${result.strategy}: ${result.staleReads} stale reads, ${result.finalMismatches ?? 'n/a'} final mismatches, ${Math.round(result.opsPerSecond)} ops/s\n`,
        );
      },
    },
    runDir,
  );
  process.stdout.write(`\n${renderTerminal(resultsTable(results))}\n`);
  await pending;
  await writeResults(runDir, { ...report, results });
  process.stdout.write(`\nresults: ${runDir}/results.md, results.json, chart.svg\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `stress run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
