import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runTsChild } from './support/child.js';

const WORKER = fileURLToPath(new URL('./support/redaction-worker.ts', import.meta.url));
const PASSWORD = 'pw-that-must-not-leak-7c1e';

/** A port nothing listens on (taken from the OS, then released). */
function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('lock URLs in logs and errors', () => {
  it('never shows the password of a lock node, only redis://***@host:port', async () => {
    const port = await deadPort();
    const output = await runTsChild(WORKER, [`redis://:${PASSWORD}@127.0.0.1:${port}/0`]);
    // The node was named (reconnect warnings, start-up without it) and the lock failed...
    expect(output).toContain(`redis://***@127.0.0.1:${port}`);
    expect(output).toContain('LockQuorumError');
    // ...and the password appears nowhere, nor the user-info part of the URL.
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain(`:${PASSWORD.slice(0, 8)}`);
  }, 30_000);
});
