import type { Server } from 'node:http';

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
