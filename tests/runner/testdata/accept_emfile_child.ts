/**
 * Run under a low `ulimit -n` by lib/runner/peers/builtin_server_test.ts: a built-in echo accepts until it runs
 * out of descriptors, and must go on accepting once clients close, not stop as if its listener
 * had closed. Prints one JSON line: how many late clients got their echo, and the notes.
 */
import { parseScenarios } from "../../../lib/scenario/load.ts";
import { RunContext } from "../../../lib/runner/context.ts";
import { startBuiltinServer } from "../../../lib/runner/peers/builtin_server.ts";
import { describeTallies } from "../../../lib/runner/notes.ts";

const [scenario] = parseScenarios(
  "name: e\ntransport: tcp\nserver: { builtin: echo }\nclient: [connect: {}]\n",
  "inline.yaml",
);
const tempDir = Deno.makeTempDirSync();
const ctx = new RunContext(scenario, "tcp", 1, tempDir);
const server = startBuiltinServer(scenario.peers[0], ctx, { host: "127.0.0.1", port: 0 });
const { port } = server.endpoint as { port: number };
const [EARLY, LATE] = Deno.args.map(Number);
// Each early client costs this process two descriptors (its end and the accepted one), until
// the accepts run out; the late clients then wait in the backlog, one descriptor each.
const early: Deno.Conn[] = [];
for (let i = 0; i < EARLY; i++) early.push(await Deno.connect({ hostname: "127.0.0.1", port }));
const late: Deno.Conn[] = [];
try {
  for (let i = 0; i < LATE; i++) late.push(await Deno.connect({ hostname: "127.0.0.1", port }));
} catch {
  // This side ran out of descriptors too: fewer late clients.
}
// The late clients are in the backlog: the server's next accept fails with EMFILE. Close the
// early clients only once it has (the record says so), or after 2 s if it never says so.
const outOfDescriptors = () =>
  ctx.record.events.some((event) => event.kind === "error" && event.conn === "listener");
for (let waited = 0; !outOfDescriptors() && waited < 2000; waited += 10) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
for (const conn of early) conn.close();
let echoed = 0;
for (const conn of late) {
  await conn.write(new Uint8Array([7]));
  const buffer = new Uint8Array(1);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const read = await Promise.race([
    conn.read(buffer),
    new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), 2000)),
  ]).catch(() => null);
  clearTimeout(timer);
  if (read === 1 && buffer[0] === 7) echoed++;
  conn.close();
}
ctx.abort("done");
await ctx.closeAll();
await server.done;
Deno.removeSync(tempDir, { recursive: true });
console.log(JSON.stringify({ late: late.length, echoed, notes: describeTallies(ctx.record) }));
