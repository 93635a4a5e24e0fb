import assert from "node:assert/strict";
import { parseScenarios } from "../../scenario/load.ts";
import { RunContext } from "../context.ts";
import { PeerState } from "../peer_state.ts";
import { runSteps } from "../run_steps.ts";
import { StepError } from "../run_steps.ts";

const SCENARIO = `name: fixtures
transport: unix
setup:
  - write_file: { path: "sub/data.bin", hex: "00 ff 80", mode: "0640" }
  - chmod: { path: "sub/data.bin", mode: "0600" }
  - write_file: { path: "../escape.bin", text: "x" }
server: { builtin: echo }
`;

/** Runs the first `count` setup steps in a fresh run directory, then hands it to `check`. */
async function withSetup(
  count: number,
  check: (tmp: string, error?: unknown) => Promise<void>,
): Promise<void> {
  const [scenario] = parseScenarios(SCENARIO, "write_file_test.yaml");
  const tmp = await Deno.makeTempDir({ prefix: "sockspec-test-" });
  const ctx = new RunContext(scenario, "unix", 1, tmp);
  try {
    const error = await runSteps(
      scenario.setup.slice(0, count),
      new PeerState(ctx, {
        name: "setup",
        peerName: "setup",
      }),
    ).then(() => undefined, (e) => e);
    await check(tmp, error);
  } finally {
    await ctx.closeAll();
    await Deno.remove(tmp, { recursive: true });
  }
}

Deno.test("write_file writes the bytes with the mode; chmod changes the mode", async () => {
  await withSetup(1, async (tmp, error) => {
    assert.equal(error, undefined);
    assert.deepEqual(await Deno.readFile(`${tmp}/sub/data.bin`), Uint8Array.of(0x00, 0xff, 0x80));
    assert.equal((await Deno.stat(`${tmp}/sub/data.bin`)).mode! & 0o777, 0o640);
  });
  await withSetup(2, async (tmp, error) => {
    assert.equal(error, undefined);
    assert.equal((await Deno.stat(`${tmp}/sub/data.bin`)).mode! & 0o777, 0o600);
  });
});

Deno.test("a fixture path outside the run's temporary directory is refused", async () => {
  await withSetup(3, async (tmp, error) => {
    assert.ok(error instanceof StepError);
    assert.match(error.message, /outside the run's temporary directory/);
    await assert.rejects(Deno.stat(`${tmp}/../escape.bin`), Deno.errors.NotFound);
  });
});
