/** Sizes that steps read when they run. @internal @module */
import { parseSize } from "../../common/size.ts";
import type { PeerState } from "../peer_state.ts";
import { StepFailure } from "../errors.ts";

/**
 * A size as written (bytes), or the size a `{variable}` holds now.
 *
 * @param least The smallest size allowed, for the message of a variable below it.
 * @throws {StepFailure} When the variable does not hold a size of at least `least` bytes.
 */
export function resolveSize(
  peer: PeerState,
  value: number | string,
  what: string,
  least = 0,
): number {
  if (typeof value === "number") return value;
  const text = peer.expand(value);
  let size: number;
  try {
    size = parseSize(/^\d+$/.test(text) ? Number(text) : text);
  } catch (error) {
    throw new StepFailure(
      `${what}: ${value} is ${JSON.stringify(text)}: ${(error as Error).message}`,
    );
  }
  if (size < least) {
    throw new StepFailure(`${what}: ${value} is ${size} bytes, expected at least ${least}`);
  }
  return size;
}
