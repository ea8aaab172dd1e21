import type { Pool, ResultSetHeader } from 'mysql2/promise';
import type { Outcome } from '../history/operation-record.js';

export interface ExternalWriteResult {
  outcome: Outcome;
  /** The version the update stored (successful writes). */
  version?: number;
  error?: string;
}

/**
 * Writes behind the app's back (`--external-writes`): a user row updated from a plain mysql2
 * pool of the tool's own, the way another service or a DBA's console would. Like the app's own
 * update it sets the nickname and moves `version` by one; `LAST_INSERT_ID(expr)` hands the new
 * version back in the same autocommitted statement, so no second query can see a later write.
 */
export class ExternalWriter {
  constructor(private readonly pool: Pool) {}

  async write(userId: string, nickname: string): Promise<ExternalWriteResult> {
    try {
      const [result] = await this.pool.query<ResultSetHeader>(
        'UPDATE t_user_auth_info SET nickname = ?, version = LAST_INSERT_ID(version + 1) ' +
          'WHERE user_id = ?',
        [nickname, userId],
      );
      if (result.affectedRows !== 1) return { outcome: 'failed', error: 'no such row' };
      return { outcome: 'ok', version: Number(result.insertId) };
    } catch (error) {
      // the server refused the statement (lock wait, deadlock): rolled back, nothing applied;
      // a lost connection may have come after the commit
      const { sqlState, fatal, message } = error as {
        sqlState?: string;
        fatal?: boolean;
        message: string;
      };
      return { outcome: sqlState && !fatal ? 'failed' : 'unknown', error: message };
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
