// Where the sandbox is reached: the address it listens on by default, the origin a listening
// server is reached at, and a public URL given for it (behind Docker's port mapping or a proxy).
// The simulated bank's links (consentRedirectURL, paymentURL) are given under that origin.
import type { Server } from 'node:http';

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';

/** The origin a client reaches `host:port` at: an unspecified IPv4 address as loopback, an IPv6 one in brackets. */
export function originOf(host: string, port: number): string {
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return `http://${shown}:${port}`;
}

/** The origin of the address `server` listens on; undefined until it listens on a TCP port. */
export function listeningOrigin(server: Server): string | undefined {
  const address = server.address();
  return address && typeof address !== 'string' ? originOf(address.address, address.port) : undefined;
}

/** A `publicUrl` option as links are built on it: an absolute http(s) URL, without a trailing slash. */
export function checkPublicUrl(publicUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(publicUrl);
  } catch {
    // refused below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new RangeError(`publicUrl must be an absolute http or https URL, got ${JSON.stringify(publicUrl)}`);
  if (url.search || url.hash || url.username || url.password) {
    throw new RangeError(
      `publicUrl must be an http or https URL without credentials, query or fragment, got ${JSON.stringify(publicUrl)}`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
