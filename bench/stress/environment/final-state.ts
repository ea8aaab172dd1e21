import type { RowDataPacket } from 'mysql2/promise';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FinalObservation, RowState } from '../checker/final-mismatches.js';
import type { InitialRegister } from '../checker/register-operation.js';
import type { InventoryFinal } from '../checker/inventory-invariants.js';
import type { HttpClient } from '../driver/http-client.js';
import { mapConcurrent } from '../driver/map-concurrent.js';
import type { WorkloadMode } from '../workload/workload.js';
import type { MysqlAdmin } from './mysql-admin.js';

const FINAL_READ_ATTEMPTS = 3;

/** Every key read through every app process, after the run. */
export async function readThroughEveryProcess(
  clients: readonly HttpClient[],
  mode: WorkloadMode,
  keys: readonly string[],
): Promise<FinalObservation[]> {
  const reads = clients.flatMap((_, target) => keys.map((key) => ({ key, target })));
  const path = (key: string) => `/${mode === 'users' ? 'users' : 'inventory'}/${key}`;
  return mapConcurrent(reads, 64, async ({ key, target }) => {
    let response = await clients[target].send('GET', path(key));
    // no response is a transport failure (e.g. a keep-alive socket the server had just closed),
    // not an answer: ask again, a bounded number of times
    for (let attempt = 1; response.status === 0 && attempt < FINAL_READ_ATTEMPTS; attempt++) {
      await sleep(100 * attempt);
      response = await clients[target].send('GET', path(key));
    }
    const body = response.body as { version?: number; nickname?: string; number?: number };
    const row =
      response.status === 200 && typeof body.version === 'number'
        ? { version: body.version, value: String(mode === 'users' ? body.nickname : body.number) }
        : undefined;
    return { key, target, status: response.status, row, error: response.error };
  });
}

/** MySQL's rows: the truth the processes must agree with. */
export async function readMysqlRows(
  mysql: MysqlAdmin,
  mode: WorkloadMode,
): Promise<Map<string, RowState>> {
  if (mode === 'users') {
    const rows = await mysql.query<RowDataPacket>(
      'SELECT user_id AS k, version, nickname AS v FROM t_user_auth_info',
    );
    return new Map(
      rows.map((row) => [String(row.k), { version: Number(row.version), value: String(row.v) }]),
    );
  }
  const rows = await mysql.query<RowDataPacket>(
    'SELECT goods_id AS k, version, number AS v FROM t_inventory',
  );
  return new Map(
    rows.map((row) => [String(row.k), { version: Number(row.version), value: String(row.v) }]),
  );
}

export async function readInventoryFinals(
  mysql: MysqlAdmin,
  initial: ReadonlyMap<string, InitialRegister>,
): Promise<InventoryFinal[]> {
  const stock = await mysql.query<RowDataPacket>('SELECT goods_id AS k, number FROM t_inventory');
  const sold = await mysql.query<RowDataPacket>(
    'SELECT goods_id AS k, SUM(num) AS sold FROM t_sell_record GROUP BY goods_id',
  );
  const soldByGoods = new Map(sold.map((row) => [String(row.k), Number(row.sold)]));
  return stock
    .filter((row) => initial.has(String(row.k)))
    .map((row) => ({
      goodsId: String(row.k),
      start: initial.get(String(row.k))!.limit ?? 0,
      stock: Number(row.number),
      recordedSold: soldByGoods.get(String(row.k)) ?? 0,
    }));
}
