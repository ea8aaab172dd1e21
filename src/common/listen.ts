import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** `http://host:port` for an address, with IPv6 literals in brackets. */
export function formatAddress({ address, family, port }: AddressInfo): string {
  const host = family === 'IPv6' ? `[${address}]` : address;
  const where = address === '::' || address === '0.0.0.0' ? ' (all interfaces)' : '';
  return `http://${host}:${port}${where}`;
}

/**
 * Listens on every interface, IPv6 and IPv4 (`::`, dual-stack), or on every IPv4 interface
 * where the machine has no IPv6; answers the address the server is really bound to.
 */
export async function listenOnAllInterfaces(
  app: NestFastifyApplication,
  port: number,
): Promise<string> {
  try {
    await app.listen({ port, host: '::' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw error;
    await app.listen({ port, host: '0.0.0.0' });
  }
  return formatAddress(app.getHttpServer().address() as AddressInfo);
}
