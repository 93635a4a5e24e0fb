/**
 * `sockspec record`: a TCP relay that writes what really passed between a client and a server as
 * a scenario file. Replaying the file runs the recorded client half against the server (an
 * `address` peer: edit it to re-point the replay), and checks that every answer is the
 * recorded one, but for the parts masked by regexes (ids, timestamps).
 *
 * @module
 */
import { stringify } from "../_deps/yaml.ts";
import { connectStream, listenStream, writeAll } from "../transport/stream.ts";
import { type Endpoint, formatEndpoint } from "../transport/address.ts";

/**
 * What passed on one connection, in order: data each way, and each side's EOF; `atMs` is when,
 * in ms since the connection was accepted.
 */
export type Exchange =
  | { from: "client" | "server"; atMs: number; data: Uint8Array }
  | { from: "client" | "server"; atMs: number; eof: true };

/** A client pause longer than this is kept in the replay as a `sleep`, in ms. */
const PAUSE_KEPT_MS = 50;

/** Options of {@linkcode startRecorder}. */
export interface RecordOptions {
  /** Where the relay listens (what the client is pointed at). */
  listen: Endpoint;
  /** The server the relay forwards to. */
  forward: Endpoint;
  /** Connections to record before the recording ends. @default {1} */
  connections?: number;
  /** Regexes of server bytes that change between runs: replay accepts anything they match. */
  masks?: RegExp[];
}

/** A running recorder. */
export interface Recorder {
  /** Where the relay listens: point the client here. */
  endpoint: Endpoint;
  /** The scenario (YAML) once the connections are recorded. */
  scenario: Promise<string>;
  /** Stops the relay early: the scenario holds what was recorded so far. */
  stop(): void;
}

async function pump(
  from: Deno.Conn,
  to: Deno.Conn,
  side: "client" | "server",
  log: Exchange[],
  started: number,
): Promise<void> {
  const atMs = () => Math.round(performance.now() - started);
  const buffer = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const n = await from.read(buffer);
      if (n === null) break;
      const data = buffer.slice(0, n);
      log.push({ from: side, atMs: atMs(), data });
      await writeAll(to, data);
    }
  } catch {
    // A reset or a closed socket ends this direction like an EOF.
  }
  log.push({ from: side, atMs: atMs(), eof: true });
  await to.closeWrite().catch(() => {});
}

async function relay(client: Deno.Conn, forward: Endpoint): Promise<Exchange[]> {
  const log: Exchange[] = [];
  const started = performance.now();
  const server = await connectStream(forward);
  try {
    await Promise.all([
      pump(client, server, "client", log, started),
      pump(server, client, "server", log, started),
    ]);
  } finally {
    client.close();
    server.close();
  }
  return log;
}

/**
 * Starts the relay. Each recorded connection becomes one client peer of the scenario, started
 * after the one before it.
 *
 * @throws {Deno.errors.AddrInUse} When `listen` is taken.
 */
export function startRecorder(options: RecordOptions): Recorder {
  const listener = listenStream(options.listen);
  const addr = listener.addr as Deno.NetAddr;
  const recorded: Exchange[][] = [];
  const run = async () => {
    for (let i = 0; i < (options.connections ?? 1); i++) {
      let client: Deno.Conn;
      try {
        client = await listener.accept();
      } catch {
        break; // stopped
      }
      recorded.push(await relay(client, options.forward));
    }
    try {
      listener.close();
    } catch {
      // Already closed by stop().
    }
    return toScenario(recorded, options.forward, options.masks ?? []);
  };
  return {
    endpoint: { host: addr.hostname, port: addr.port },
    scenario: run(),
    stop: () => listener.close(),
  };
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Text when the bytes are printable UTF-8 (tabs, CR and LF allowed), else undefined. */
function asText(bytes: Uint8Array): string | undefined {
  try {
    const text = decoder.decode(bytes);
    // deno-lint-ignore no-control-regex
    return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text) || text.includes("{") ? undefined : text;
  } catch {
    return undefined;
  }
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

/** Merges consecutive data the same way: reads and writes split as the network pleased. */
function merge(log: Exchange[]): Exchange[] {
  const out: Exchange[] = [];
  for (const entry of log) {
    const last = out.at(-1);
    if (last && "data" in last && "data" in entry && last.from === entry.from) {
      const data = new Uint8Array(last.data.length + entry.data.length);
      data.set(last.data);
      data.set(entry.data, last.data.length);
      out[out.length - 1] = { from: entry.from, atMs: last.atMs, data };
    } else out.push(entry);
  }
  return out;
}

function receiveStep(data: Uint8Array, masks: RegExp[]): Record<string, unknown> {
  const text = asText(data);
  if (text === undefined) return { receive: { hex: hex(data) } };
  const masked = masks.some((mask) => new RegExp(mask.source, "g").test(text));
  if (!masked) return { receive: text };
  // The recorded text, with each masked part replaced by its regex: the rest must match exactly.
  let pattern = "";
  let at = 0;
  const all = masks.flatMap((mask) => [...text.matchAll(new RegExp(mask.source, "g"))])
    .sort((a, b) => a.index - b.index);
  for (const found of all) {
    if (found.index < at) continue;
    pattern += escapeRegex(text.slice(at, found.index)) +
      `(?:${masks.find((m) => new RegExp(m.source).test(found[0]))!.source})`;
    at = found.index + found[0].length;
  }
  pattern += escapeRegex(text.slice(at));
  return { receive: { match: `^${pattern}`, max: Math.max(1024, data.length * 4) } };
}

type Side = "client" | "server";

/**
 * The steps of one side of a recorded connection: its own data as sends (and its own pauses
 * over 50 ms as sleeps), the other side's as receives (masked parts as regexes), EOFs as
 * half-closes and expected EOFs.
 */
function halfSteps(log: Exchange[], side: Side, masks: RegExp[]): Record<string, unknown>[] {
  const steps: Record<string, unknown>[] = [side === "client" ? { connect: {} } : { accept: {} }];
  let before = 0;
  for (const entry of merge(log)) {
    if (entry.from === side && entry.atMs - before > PAUSE_KEPT_MS) {
      steps.push({ sleep: `${entry.atMs - before}ms` });
    }
    before = entry.atMs;
    if ("eof" in entry) {
      steps.push(entry.from === side ? { close_write: {} } : { expect_eof: {} });
    } else if (entry.from === side) {
      const text = asText(entry.data);
      steps.push({ send: text !== undefined ? text : { hex: hex(entry.data) } });
    } else {
      steps.push(receiveStep(entry.data, masks));
    }
  }
  return steps;
}

function clientPeers(recorded: Exchange[][], masks: RegExp[]): Record<string, unknown> {
  const peers: Record<string, unknown> = {};
  recorded.forEach((log, i) => {
    const steps = halfSteps(log, "client", masks);
    peers[`client_${i + 1}`] = i === 0 ? steps : { after: `client_${i}`, steps };
  });
  return peers;
}

const YAML_OPTIONS = { lineWidth: 0, doubleQuotedMinMultiLineLength: Infinity };

/**
 * The scenarios of recorded connections: the first replays each client half against `server`;
 * the second serves the recorded server half (one connection after another) to clients, the
 * recorded ones until a client under test (a `command` peer reaching `{host}:{port}`) takes
 * their place.
 */
export function toScenario(recorded: Exchange[][], server: Endpoint, masks: RegExp[]): string {
  const at = formatEndpoint(server);
  const when = new Date().toISOString();
  const replay = {
    name: `recorded session with ${at}`,
    description: `Recorded by sockspec record on ${when}: the client half of ${recorded.length} ` +
      "connection(s), replayed against the server.",
    tags: ["recorded"],
    transport: "tcp",
    server: { address: at },
    peers: clientPeers(recorded, masks),
  };
  const serve = {
    name: `recorded server half of the session with ${at}`,
    description: `Recorded by sockspec record on ${when}: the server half, served to clients. ` +
      "Replace the client peers with the client under test to check it.",
    tags: ["recorded"],
    transport: "tcp",
    server: recorded.flatMap((log) => halfSteps(log, "server", masks)),
    peers: clientPeers(recorded, masks),
  };
  return [replay, serve].map((doc) => stringify(doc, YAML_OPTIONS)).join("---\n");
}
