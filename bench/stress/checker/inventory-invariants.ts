import type { OperationRecord } from '../history/operation-record.js';

export interface InventoryFinal {
  goodsId: string;
  start: number;
  /** `t_inventory.number` after the run. */
  stock: number;
  /** Sum of `t_sell_record.num` for the goods. */
  recordedSold: number;
}

export interface InventoryReport {
  goods: number;
  /** Goods whose stock went negative or whose sales exceed the start. */
  oversold: string[];
  /** Goods where stock + recorded sales ≠ start. */
  unbalanced: string[];
  /** Goods whose recorded sales are fewer than the acknowledged ones, or more than could be. */
  salesDisagree: string[];
  acknowledgedSold: number;
  recordedSold: number;
}

/**
 * Never oversold, nothing lost: for every goods, stock ≥ 0, stock + recorded sales = start, and
 * the recorded sales lie between the sales the API acknowledged (2xx) and those plus every sale
 * whose outcome is unknown (a timed-out sale may have been applied).
 */
export function checkInventory(
  finals: readonly InventoryFinal[],
  records: readonly OperationRecord[],
): InventoryReport {
  const acknowledged = new Map<string, number>();
  const possible = new Map<string, number>();
  for (const record of records) {
    if (record.kind !== 'sell' || record.quantity === undefined) continue;
    if (record.outcome === 'ok') add(acknowledged, record.key, record.quantity);
    if (record.outcome !== 'failed') add(possible, record.key, record.quantity);
  }
  const report: InventoryReport = {
    goods: finals.length,
    oversold: [],
    unbalanced: [],
    salesDisagree: [],
    acknowledgedSold: 0,
    recordedSold: 0,
  };
  for (const final of finals) {
    const sure = acknowledged.get(final.goodsId) ?? 0;
    report.acknowledgedSold += sure;
    report.recordedSold += final.recordedSold;
    if (final.stock < 0 || final.recordedSold > final.start) report.oversold.push(final.goodsId);
    if (final.stock + final.recordedSold !== final.start) report.unbalanced.push(final.goodsId);
    if (final.recordedSold < sure || final.recordedSold > (possible.get(final.goodsId) ?? 0)) {
      report.salesDisagree.push(final.goodsId);
    }
  }
  return report;
}

function add(map: Map<string, number>, key: string, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}
