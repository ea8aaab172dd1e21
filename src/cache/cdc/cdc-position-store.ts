import type { Cluster, Redis } from 'ioredis';
import type { BinlogPosition } from './binlog-position.js';

/** Under the client's key prefix; the braces keep it in one Cluster slot like every cache key. */
export const CDC_POSITION_KEY = 'cdc:{binlog}:position';

interface SavedPosition extends BinlogPosition {
  /** The server the position belongs to (`hostname:port/server_id`): positions are per server. */
  readonly server: string;
  readonly savedAt: string;
}

/**
 * The binlog position up to which every committed transaction has been invalidated, shared by
 * every app process on the same Redis (docs/consistency.md, "Position"). Processes that all tail
 * the binlog may save out of order: an older position only means a longer replay.
 */
export class CdcPositionStore {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly server: string,
  ) {}

  /** The saved position of this server; `other` when it was saved for another server. */
  async load(): Promise<BinlogPosition | 'other' | undefined> {
    const raw = await this.redis.get(CDC_POSITION_KEY);
    if (raw === null) return undefined;
    const saved = JSON.parse(raw) as Partial<SavedPosition>;
    if (typeof saved.file !== 'string' || typeof saved.position !== 'number') return undefined;
    if (saved.server !== this.server) return 'other';
    return { file: saved.file, position: saved.position, gtid: saved.gtid };
  }

  async save(at: BinlogPosition): Promise<void> {
    const saved: SavedPosition = { ...at, server: this.server, savedAt: new Date().toISOString() };
    await this.redis.set(CDC_POSITION_KEY, JSON.stringify(saved));
  }
}
