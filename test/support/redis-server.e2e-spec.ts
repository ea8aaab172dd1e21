import { RedisServer } from '../../support/redis-server.js';

describe('RedisServer (test support)', () => {
  it('starts, loses its data on restart, and stops', async () => {
    const server = await RedisServer.start();
    const client = server.client();
    try {
      await client.set('k', 'v');
      expect(await client.get('k')).toBe('v');
      client.disconnect();
      await server.restart();
      const fresh = server.client();
      expect(await fresh.get('k')).toBeNull();
      fresh.disconnect();
    } finally {
      client.disconnect();
      await server.stop();
    }
    expect(server.running).toBe(false);
  });
});
