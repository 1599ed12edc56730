import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Listens on 127.0.0.1:`port` (0: a free one) and resolves to the origin; a port in use rejects
 * (EADDRINUSE), where a bare `listen` would throw it from an event no caller can catch.
 */
export function listenLocally(server: Server, port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

/**
 * Stops a read-only emulator's server: also drops idle keep-alive sockets (twilio-node and fetch
 * keep them), which would hold `close` open. A second stop is a no-op, so a test can restart an
 * emulator with other options in its own body. (The REST emulator must not do this to calls still
 * under way, so it has its own.)
 */
export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  server.closeAllConnections();
  return closed;
}
