/** `write_file`: create a file in the run's temporary directory. @module */
import { z } from "../../_deps/zod.ts";
import { dirname } from "node:path";
import { defineStep } from "./_define.ts";
import { exactlyOne, literalSources, modeField } from "./_schema_parts.ts";
import { literalBytes } from "../payload.ts";
import { fixturePath, parseMode } from "./_fixture_path.ts";

/**
 * Writes a file (its folders made as needed) under the run's temporary directory from text,
 * hex, base64 or another file, with `mode` if given, and captures its path as `{as}` (default
 * `{file}`). A fixture for a server that reads files, or a payload made while the run goes.
 */
export const writeFileStep = defineStep({
  schema: z.strictObject({
    path: z.string().min(1).meta({ description: "Path under {tmp}; relative paths are in {tmp}" }),
    ...literalSources,
    mode: modeField.optional(),
    as: z.string().regex(/^[A-Za-z_]\w*$/, "expected a variable name").optional().meta({
      description: 'Variable holding the absolute path ("file")',
    }),
  }).refine(exactlyOne(["text", "hex", "base64", "file"]), {
    message: "expected exactly one of text, hex, base64, file",
  }),
  doc: [[
    "`write_file: {path, text, hex, base64, file, mode, as}`",
    "create a file under the run's `{tmp}` (removed after the run); its path in `{file}`",
  ]],
  async run(args, { peer }) {
    const path = fixturePath(peer, args.path);
    const bytes = await literalBytes(args, {
      scenarioFile: peer.ctx.scenario.file,
      expand: (text) => peer.expand(text),
      expandBytes: (text) => peer.expandBytes(text),
    });
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeFile(path, bytes);
    if (args.mode !== undefined) await Deno.chmod(path, parseMode(args.mode));
    peer.capture(args.as ?? "file", path);
    peer.ctx.record.add({
      peer: peer.name,
      kind: "fixture",
      bytes: bytes.length,
      detail: `wrote ${path}`,
    });
  },
});
