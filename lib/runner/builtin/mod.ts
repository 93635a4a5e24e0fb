/**
 * Built-in peers, by name. A new built-in is one file here and one line below.
 *
 * @module
 */
import type { Builtin } from "./_types.ts";
import { echo } from "./echo.ts";
import { upper } from "./upper.ts";
import { discard } from "./discard.ts";
import { chargen } from "./chargen.ts";
import { greeting } from "./greeting.ts";
import { sink } from "./sink.ts";

export type { Builtin, BuiltinContext } from "./_types.ts";

/** Built-in servers by the name used in scenario files. */
export const BUILTIN_PEERS: Record<string, Builtin> = {
  echo,
  upper,
  discard,
  chargen,
  greeting,
  sink,
};
