import ZongJi, { type AnyBinlogEvent } from '@vlasky/zongji';
import type { CacheCdcConnection } from './cdc-options.js';
import type { BinlogPosition } from './binlog-position.js';

const READY_TIMEOUT_MS = 10_000;
const EVENTS = [
  'tablemap',
  'writerows',
  'updaterows',
  'deleterows',
  'xid',
  'query',
  'mariadbgtid',
  'gtid',
];

export interface BinlogConnectionHandlers {
  event(event: AnyBinlogEvent, resume: BinlogPosition): void;
  /** The connection failed after it was ready; it is stopped already. */
  lost(error: Error): void;
}

/**
 * One binlog connection (zongji over mysql2): starts at a position, reports each event with the
 * position to resume from after it (zongji moves it at transaction ends only), and reports its
 * loss once. It never reconnects itself: `BinlogStream` does.
 */
export class BinlogConnection {
  private readonly zongji: ZongJi;
  private closed = false;

  private constructor(connection: CacheCdcConnection) {
    this.zongji = new ZongJi({ ...connection, password: connection.password ?? '' });
  }

  /** Resolves once streaming from `from`; rejects (stopped) if the server refuses. */
  static open(
    connection: CacheCdcConnection,
    options: { serverId: number; from: BinlogPosition; tables: Record<string, string[]> },
    handlers: BinlogConnectionHandlers,
  ): Promise<BinlogConnection> {
    const opened = new BinlogConnection(connection);
    const { zongji } = opened;
    return new Promise((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(
        () => fail(new Error('the binlog connection did not start')),
        READY_TIMEOUT_MS,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        const wasReady = ready;
        ready = false;
        if (opened.closed) return;
        opened.close();
        if (wasReady) handlers.lost(error);
        else reject(error);
      };
      zongji.on('error', fail);
      zongji.on('ready', () => {
        clearTimeout(timer);
        ready = true;
        resolve(opened);
      });
      zongji.on('binlog', (event) => {
        const { filename, position } = zongji.options;
        handlers.event(event, { file: filename!, position: position!, gtid: zongji.gtidSet });
      });
      zongji.start({
        serverId: options.serverId,
        filename: options.from.file,
        position: options.from.position,
        includeEvents: EVENTS,
        includeSchema: options.tables,
      });
    });
  }

  /** The server's id of the binlog dump connection (tests KILL it). */
  get threadId(): number | undefined {
    return this.zongji.connection?.threadId ?? undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.zongji.stop();
  }
}
