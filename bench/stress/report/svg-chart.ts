import type { StrategyResult } from './strategy-result.js';

const WIDTH = 900;
const PANEL_HEIGHT = 260;
const MARGIN = { left: 60, right: 20, top: 40, bottom: 50 };

/**
 * Two bar charts, one above the other: stale reads and throughput per strategy. Plain SVG, so
 * any browser opens it.
 */
export function svgChart(results: readonly StrategyResult[], title: string): string {
  const panels = [
    panel(results, 'Stale reads (lower is better)', (result) => result.staleReads, '#c0392b', 30),
    panel(
      results,
      'Throughput, ops/s (higher is better)',
      (result) => Math.round(result.opsPerSecond),
      '#2471a3',
      30 + PANEL_HEIGHT,
    ),
  ];
  const height = PANEL_HEIGHT * 2 + 40;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escape(title)}</text>
${panels.join('\n')}
</svg>
`;
}

function panel(
  results: readonly StrategyResult[],
  title: string,
  value: (result: StrategyResult) => number,
  color: string,
  offsetY: number,
): string {
  const top = offsetY + MARGIN.top;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const max = Math.max(1, ...results.map(value));
  const slot = plotWidth / Math.max(1, results.length);
  const barWidth = Math.min(80, slot * 0.6);
  const baseline = top + plotHeight;
  const bars = results.map((result, index) => {
    const amount = value(result);
    const barHeight = (amount / max) * plotHeight;
    const x = MARGIN.left + slot * index + (slot - barWidth) / 2;
    const centre = x + barWidth / 2;
    return [
      `<rect x="${x.toFixed(1)}" y="${(baseline - barHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${color}"/>`,
      `<text x="${centre.toFixed(1)}" y="${(baseline - barHeight - 4).toFixed(1)}" text-anchor="middle">${amount.toLocaleString('en-US')}</text>`,
      `<text x="${centre.toFixed(1)}" y="${baseline + 16}" text-anchor="middle">${escape(result.strategy)}</text>`,
    ].join('\n');
  });
  return `<g>
<text x="${MARGIN.left}" y="${top - 12}" font-weight="bold">${escape(title)}</text>
<line x1="${MARGIN.left}" y1="${baseline}" x2="${WIDTH - MARGIN.right}" y2="${baseline}" stroke="#333"/>
<line x1="${MARGIN.left}" y1="${top}" x2="${MARGIN.left}" y2="${baseline}" stroke="#333"/>
<text x="${MARGIN.left - 6}" y="${top + 4}" text-anchor="end">${max.toLocaleString('en-US')}</text>
<text x="${MARGIN.left - 6}" y="${baseline}" text-anchor="end">0</text>
${bars.join('\n')}
</g>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
