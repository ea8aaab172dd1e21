import type { InitialRegister } from '../checker/register-operation.js';
import type { HttpClient } from '../driver/http-client.js';
import { mapConcurrent } from '../driver/map-concurrent.js';
import type { WorkloadMode } from '../workload/workload.js';

export const SEED_NICKNAME = 'seed';

/** Creates every key of the run through the API and returns each one's starting register. */
export async function seedKeys(
  client: HttpClient,
  mode: WorkloadMode,
  names: readonly string[],
  initialStock: number,
): Promise<Map<string, InitialRegister>> {
  const registers = await mapConcurrent(names, 32, async (key): Promise<InitialRegister> => {
    const path = mode === 'users' ? '/users' : '/inventory';
    let response =
      mode === 'users'
        ? await client.send('POST', path, { userId: key, userLevel: 1, nickname: SEED_NICKNAME })
        : await client.send('POST', path, { goodsId: Number(key), number: initialStock });
    // already there (a run against running instances): start from the row as it is
    if (response.status === 409) response = await client.send('GET', `${path}/${key}`);
    if (response.status !== 201 && response.status !== 200) {
      throw new Error(`seeding ${key} failed: ${response.status} ${JSON.stringify(response.body)}`);
    }
    const row = response.body as { version: number; nickname?: string; number?: number };
    return mode === 'users'
      ? { order: row.version, value: row.nickname ?? undefined }
      : { order: 0, limit: row.number };
  });
  return new Map(names.map((key, index) => [key, registers[index]]));
}
