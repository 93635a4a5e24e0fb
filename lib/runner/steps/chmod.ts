/** `chmod`: change the mode of a file or Unix socket path. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { modeField } from "./_schema_parts.ts";
import { fixturePath, parseMode } from "./_fixture_path.ts";

/**
 * Sets the permission bits of a path under the run's temporary directory: a fixture file, or a
 * Unix socket path (connect(2) needs write permission on it, unix(7); root is not held by it).
 */
export const chmodStep = defineStep({
  schema: z.strictObject({
    path: z.string().min(1).meta({ description: "Path under {tmp}, such as {server.path}" }),
    mode: modeField,
  }),
  doc: [[
    '`chmod: {path, mode: "0600"}`',
    "set the permission bits of a path under `{tmp}` (a file, or a Unix socket path)",
  ]],
  async run(args, { peer }) {
    const path = fixturePath(peer, args.path);
    const mode = parseMode(args.mode);
    await Deno.chmod(path, mode);
    peer.ctx.record.add({
      peer: peer.name,
      kind: "fixture",
      detail: `chmod ${mode.toString(8).padStart(4, "0")} ${path}`,
    });
  },
});
