import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { RedisServer } from '../../support/redis-server.js';

const run = promisify(execFile);

/**
 * A Redis Cluster of the test's own: N masters (no replicas) on free ports, slots assigned by
 * `redis-cli --cluster create`. Stop it in afterAll.
 */
export class RedisCluster {
  private constructor(
    readonly nodes: RedisServer[],
    private readonly dir: string,
  ) {}

  static async start(size = 3): Promise<RedisCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'redis-cluster-'));
    const nodes = await Promise.all(
      Array.from({ length: size }, (_, index) =>
        RedisServer.start([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `node-${index}.conf`),
          '--dir',
          dir,
        ]),
      ),
    );
    const cluster = new RedisCluster(nodes, dir);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...nodes.map((node) => `127.0.0.1:${node.port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await cluster.waitUntilOk();
    return cluster;
  }

  /** The `REDIS_CLUSTER_NODES` value of the contract. */
  get nodesVariable(): string {
    return this.nodes.map((node) => `127.0.0.1:${node.port}`).join(',');
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
    await rm(this.dir, { recursive: true, force: true });
  }

  private async waitUntilOk(): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const states = await Promise.all(
        this.nodes.map(async (node) => {
          const client = new Redis(node.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
          try {
            return /cluster_state:ok/.test(await client.cluster('INFO'));
          } finally {
            client.disconnect();
          }
        }),
      );
      if (states.every(Boolean)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the test cluster did not reach cluster_state:ok');
  }
}
