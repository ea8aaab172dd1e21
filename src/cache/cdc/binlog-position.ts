/** A point of the binlog up to which every committed transaction has been handled. */
export interface BinlogPosition {
  readonly file: string;
  readonly position: number;
  /** The GTID position or set there, when the server reports one (informational). */
  readonly gtid?: string;
}

export function describePosition(at: BinlogPosition): string {
  return `${at.file}:${at.position}${at.gtid ? ` (GTID ${at.gtid})` : ''}`;
}
