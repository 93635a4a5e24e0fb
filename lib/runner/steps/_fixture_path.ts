/** Where fixture steps may write: the run's temporary directory. @internal @module */
import { isAbsolute, normalize, relative, resolve } from "node:path";
import type { PeerState } from "../peer_state.ts";
import { StepFailure } from "../errors.ts";

/**
 * The absolute path of a fixture, relative paths resolved against the run's temporary
 * directory (`{tmp}`), which the run removes at its end: a fixture never outlives its run.
 *
 * @throws {StepFailure} When the path leads outside that directory.
 */
export function fixturePath(peer: PeerState, written: string): string {
  const tmp = peer.ctx.tempDir;
  const expanded = peer.expand(written);
  const path = normalize(isAbsolute(expanded) ? expanded : resolve(tmp, expanded));
  const inside = relative(tmp, path);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
    throw new StepFailure(
      `${
        JSON.stringify(expanded)
      } is outside the run's temporary directory: fixtures go under {tmp} (${tmp}), which the run removes`,
    );
  }
  return path;
}

/** A file mode: a number, or octal digits as text such as "0600" or "755". */
export function parseMode(mode: number | string): number {
  return typeof mode === "number" ? mode : parseInt(mode, 8);
}
