import { performance } from 'node:perf_hooks';
import { outcomeOf, type OperationRecord } from '../history/operation-record.js';
import type { PlannedOperation, WorkloadMode } from '../workload/workload.js';
import type { ExternalWriter } from './external-writer.js';
import type { HttpClient, HttpResponse } from './http-client.js';

export interface DriveOptions {
  mode: WorkloadMode;
  concurrency: number;
  /** Stop taking new operations after this long (a bound, not a target). */
  maxDurationMs: number;
  /** The run's clock origin: `performance.now()` when the run began. */
  clockOrigin: number;
  onProgress?: (done: number) => void;
  /** Where the planned out-of-band writes go (`--external-writes`). */
  externalWriter?: ExternalWriter;
}

export interface DriveResult {
  records: OperationRecord[];
  startedAt: number;
  finishedAt: number;
  /** True when the time bound stopped the run before every operation was sent. */
  truncated: boolean;
}

/** Runs the planned operations with `concurrency` in flight and records every one of them. */
export async function drive(
  operations: readonly PlannedOperation[],
  clients: readonly HttpClient[],
  options: DriveOptions,
): Promise<DriveResult> {
  const records: OperationRecord[] = [];
  const now = () => performance.now() - options.clockOrigin;
  const startedAt = now();
  const deadline = startedAt + options.maxDurationMs;
  let next = 0;
  let truncated = false;

  const worker = async () => {
    while (next < operations.length) {
      if (now() > deadline) {
        truncated = true;
        return;
      }
      const operation = operations[next++];
      records.push(
        operation.external && options.externalWriter
          ? await performExternal(operation, options.externalWriter, now)
          : await perform(operation, clients[operation.target], options.mode, now),
      );
      options.onProgress?.(records.length);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, operations.length) }, worker),
  );
  records.sort((a, b) => a.id - b.id);
  return { records, startedAt, finishedAt: now(), truncated };
}

async function perform(
  operation: PlannedOperation,
  client: HttpClient,
  mode: WorkloadMode,
  now: () => number,
): Promise<OperationRecord> {
  const invokedAt = now();
  const response = await send(operation, client, mode);
  const completedAt = now();
  const record: OperationRecord = {
    id: operation.id,
    key: operation.key,
    kind: operation.kind,
    target: operation.target,
    invokedAt,
    completedAt,
    status: response.status,
    outcome: outcomeOf(response.status, operation.kind),
  };
  if (operation.kind === 'write') record.nickname = operation.nickname;
  if (operation.kind === 'sell') record.quantity = operation.quantity;
  if (record.outcome === 'ok') readResult(record, response.body);
  else record.error = response.error ?? errorMessage(response.body);
  return record;
}

/** An out-of-band write, timed by the tool around its statement; status 200 when it applied. */
async function performExternal(
  operation: PlannedOperation,
  writer: ExternalWriter,
  now: () => number,
): Promise<OperationRecord> {
  const invokedAt = now();
  const result = await writer.write(operation.key, operation.nickname!);
  const completedAt = now();
  return {
    id: operation.id,
    key: operation.key,
    kind: operation.kind,
    external: true,
    target: operation.target,
    invokedAt,
    completedAt,
    status: result.outcome === 'ok' ? 200 : 0,
    outcome: result.outcome,
    nickname: operation.nickname,
    ...(result.version === undefined ? {} : { version: result.version }),
    ...(result.error === undefined ? {} : { error: result.error }),
  };
}

function send(
  operation: PlannedOperation,
  client: HttpClient,
  mode: WorkloadMode,
): Promise<HttpResponse> {
  switch (operation.kind) {
    case 'read':
      return client.send('GET', `/${mode}/${operation.key}`);
    case 'write':
      return client.send('PUT', `/users/${operation.key}`, { nickname: operation.nickname });
    case 'sell':
      return client.send('POST', '/inventory/sell', {
        goodsInfo: [{ goodsId: Number(operation.key), num: operation.quantity }],
      });
  }
}

function readResult(record: OperationRecord, body: unknown): void {
  const row = (body ?? {}) as Record<string, unknown>;
  if (typeof row.version === 'number') record.version = row.version;
  if (record.kind === 'read' && 'nickname' in row) record.nickname = row.nickname as string;
  if (typeof row.number === 'number') record.stock = row.number;
  if (record.kind === 'sell' && Array.isArray(row.lines)) {
    const line = row.lines[0] as { left?: unknown } | undefined;
    if (typeof line?.left === 'number') record.left = line.left;
  }
}

function errorMessage(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'message' in body) return String(body.message);
  return typeof body === 'string' ? body.slice(0, 200) : undefined;
}
