// What went wrong while connecting, in terms of what to check. ssh2 and Node report errors as library
// messages ("Connection lost before handshake") or errno codes (ECONNREFUSED); users need the cause.
export type SshErrorKind =
  'host-key-unknown' | 'host-key-changed' | 'host-key-revoked' | 'auth' | 'connect' | 'cancelled';

export class SshError extends Error {
  constructor(
    public kind: SshErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The cause of a connection error and what to check, for `user@host:port`. */
export function explainConnectError(
  e: { message: string; code?: string; level?: string },
  port: number,
  readyTimeoutMs: number,
): string {
  const code = e.code;
  const msg = e.message;
  if (code === 'ECONNREFUSED')
    return `connection refused: nothing accepts connections on port ${port} there (is sshd running, is the port right?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return 'the host name does not resolve (check ssh.host in the topology, or HostName in ~/.ssh/config)';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return 'no route to the host (is it up and on a network this machine reaches? is the address right?)';
  if (code === 'ECONNRESET')
    return 'the connection was reset (a firewall, or sshd refusing this client: MaxStartups, AllowUsers, TCP wrappers)';
  if (code === 'ETIMEDOUT' || /timed out while waiting for handshake/i.test(msg)) {
    return `timed out: no SSH answer within ${Math.round(readyTimeoutMs / 1000)} s (is the host up? does a firewall drop port ${port}?)`;
  }
  if (/lost before handshake/i.test(msg)) {
    return (
      `the connection closed before SSH began (${msg}): port ${port} may not be an SSH server, or sshd dropped it ` +
      '(too many connections at once: MaxStartups; or this address is refused)'
    );
  }
  if (/handshake failed/i.test(msg))
    return `the SSH handshake failed (${msg}): the server and this client share no algorithm (a very old or hardened sshd)`;
  if (/timed out/i.test(msg)) return `timed out (${msg})`;
  return msg;
}
