/**
 * Sockets, without scenarios: stream listen/connect/write-all and datagram bind, over TCP, UDP
 * and Unix sockets.
 *
 * @module
 */
export * from "./address.ts";
export * from "./stream.ts";
export * from "./datagram.ts";
export * from "./socket_dir.ts";
