import type { OperationKind } from '../history/operation-record.js';
import { createPrng } from './prng.js';

export type WorkloadMode = 'users' | 'inventory';

export interface WorkloadSpec {
  mode: WorkloadMode;
  operations: number;
  /** Share of reads, 0..1; the rest are writes (users) or sales (inventory). */
  readRatio: number;
  /** Keys (users or goods) in play. */
  keys: number;
  /** The first `hotKeys` keys receive `hotRatio` of all operations. */
  hotKeys: number;
  hotRatio: number;
  /** App processes the operations are spread over (round robin). */
  targets: number;
  /** Share of the user writes sent straight to MySQL instead of through the API. */
  externalWrites: number;
  /** Largest quantity of one sale (inventory). */
  maxSaleQuantity: number;
  seed: number;
  /** Added to every key's index: runs against long-running instances use fresh keys. */
  keyBase: number;
}

export interface PlannedOperation {
  id: number;
  kind: OperationKind;
  key: string;
  target: number;
  /** Writes: the nickname written, unique per operation so every value is traceable. */
  nickname?: string;
  /** Sales: the quantity. */
  quantity?: number;
  /** Writes: sent straight to MySQL by the tool, not through the API (out of band). */
  external?: boolean;
}

export function keyNames(spec: Pick<WorkloadSpec, 'mode' | 'keys' | 'keyBase'>): string[] {
  return Array.from({ length: spec.keys }, (_, index) =>
    spec.mode === 'users' ? `stress-u${spec.keyBase + index}` : String(spec.keyBase + index + 1),
  );
}

/** The run's operations, a pure function of the spec: same seed, same sequence. */
export function planWorkload(spec: WorkloadSpec): PlannedOperation[] {
  const random = createPrng(spec.seed);
  // a stream of its own, so that the share of out-of-band writes changes no other choice
  const outOfBand = createPrng(spec.seed ^ 0x5bd1e995);
  const names = keyNames(spec);
  const hotKeys = Math.min(Math.max(spec.hotKeys, 0), spec.keys);
  const operations: PlannedOperation[] = [];
  for (let id = 0; id < spec.operations; id++) {
    const hot = hotKeys > 0 && random() < spec.hotRatio;
    const index = hot ? Math.floor(random() * hotKeys) : Math.floor(random() * spec.keys);
    const isRead = random() < spec.readRatio;
    const key = names[index];
    const target = id % spec.targets;
    if (isRead) {
      operations.push({ id, kind: 'read', key, target });
    } else if (spec.mode === 'users') {
      const nickname = `s${spec.seed}-w${id}`;
      const write: PlannedOperation = { id, kind: 'write', key, target, nickname };
      if (outOfBand() < spec.externalWrites) write.external = true;
      operations.push(write);
    } else {
      const quantity = 1 + Math.floor(random() * spec.maxSaleQuantity);
      operations.push({ id, kind: 'sell', key, target, quantity });
    }
  }
  return operations;
}
