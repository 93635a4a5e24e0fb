/**
 * The two sockets of a relayed stream connection, behind one interface: TCP through `node:net`
 * (for a real RST), Unix streams through `Deno.Conn`.
 *
 * @internal
 * @module
 */

/** One side of a relayed stream connection. */
export interface StreamEndpoint {
  /** The next chunk the peer sent, or null at EOF. Throws `Deno.errors.ConnectionReset` etc. */
  read(): Promise<Uint8Array | null>;
  /** Writes all of `chunk`. */
  write(chunk: Uint8Array): Promise<void>;
  /** Shuts down the write side (FIN): the peer reads EOF. */
  closeWrite(): Promise<void>;
  /** Abortive close; returns how it was done, for the event. */
  reset(): string;
  /** Closes the socket; never throws. */
  close(): void;
  /** Resolves once the socket's resources are released. */
  readonly closed: Promise<void>;
}

/** A listening socket of the relay. */
export interface StreamListener {
  readonly addr: Deno.Addr;
  /** The next connection, or null once the listener is closed. */
  accept(): Promise<StreamEndpoint | null>;
  /**
   * Stops listening at once; connections already accepted stay open. Resolves once the
   * listener and every connection it accepted are closed.
   */
  close(): Promise<void>;
}
