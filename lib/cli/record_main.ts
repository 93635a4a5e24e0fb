/**
 * `deno task record --listen ADDR --forward ADDR --output FILE.yaml [--connections N]
 * [--mask REGEX]...`: relays TCP connections from ADDR to the server and writes what passed as a
 * scenario that replays the client half against the server.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { formatEndpoint, parseEndpoint } from "../transport/address.ts";
import { startRecorder } from "./record.ts";

const USAGE = `usage: deno task record --listen HOST:PORT --forward HOST:PORT --output FILE.yaml
  [--connections N] [--mask REGEX]...

  --listen ADDR       where the relay listens: point the client here (127.0.0.1:0 picks a port)
  --forward ADDR      the server the relay forwards to
  --output FILE       the scenario file to write
  --connections N     connections to record, one client peer each (default 1)
  --mask REGEX        server bytes that change between runs (ids, timestamps): replay accepts
                      anything the regex matches there (repeatable)`;

function fail(message: string): never {
  console.error(`error: ${message}\n${USAGE}`);
  Deno.exit(2);
}

if (import.meta.main) {
  let values;
  try {
    ({ values } = parseArgs({
      args: Deno.args,
      options: {
        listen: { type: "string" },
        forward: { type: "string" },
        output: { type: "string" },
        connections: { type: "string" },
        mask: { type: "string", multiple: true },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  if (!values.listen || !values.forward || !values.output) {
    fail("--listen, --forward and --output are required");
  }
  const connections = Number(values.connections ?? 1);
  if (!Number.isInteger(connections) || connections < 1) {
    fail(`--connections: expected a whole number of at least 1, found ${values.connections}`);
  }
  let masks: RegExp[];
  try {
    masks = (values.mask ?? []).map((mask) => new RegExp(mask));
  } catch (error) {
    fail(`--mask: ${(error as Error).message}`);
  }
  let listen, forward;
  try {
    [listen, forward] = [parseEndpoint(values.listen), parseEndpoint(values.forward)];
  } catch (error) {
    fail((error as Error).message);
  }
  if ("path" in listen || "path" in forward) fail("record relays TCP: give host:port addresses");
  const recorder = startRecorder({ listen, forward, connections, masks });
  Deno.addSignalListener("SIGINT", () => recorder.stop());
  console.error(
    `recording: point the client at ${formatEndpoint(recorder.endpoint)}` +
      ` (${connections} connection(s); Ctrl-C ends early)`,
  );
  await Deno.writeTextFile(values.output, await recorder.scenario);
  console.error(`wrote ${values.output}`);
  Deno.exit(0);
}
