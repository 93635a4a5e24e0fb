import assert from "node:assert/strict";
import { main } from "../cli/main.ts";
import { kernelFaultSupport } from "../fault/mod.ts";
import { namespaceTargetSkipReason } from "./network.ts";

const FAULTY = new URL("../../examples/faulty_echo.py", import.meta.url).pathname;

const KERNEL_SCENARIO = `name: kernel duplication under test
transport: tcp
timeout: 20s
network: { duplicate: "50%" } # loopback packets are large: few of them, so most must be hit
server: { builtin: echo }
client:
  - connect: {}
  - parallel:
      - - send: { generate: 64KiB, chunk: 16KiB }
        - close_write: {}
      - - receive: { until: eof, verify: sequence, size: 64KiB }
check: [ordered, lossless, no_duplicates, intact]
`;

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  return { code, stdout, stderr };
}

const support = await kernelFaultSupport();

Deno.test({
  name: "a kernel-fault scenario runs against the --target, not the built-in echo",
  ignore: !support.ok || !support.duplicate,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "sockspec-network-" });
    try {
      await Deno.writeTextFile(`${dir}/kernel.yaml`, KERNEL_SCENARIO);
      const run = (mode: string) =>
        cli([
          `${dir}/kernel.yaml`,
          "--reporter",
          "json",
          "--artifacts",
          `${dir}/failures`,
          "--timeout",
          "15s",
          "--target",
          `python3 ${FAULTY} ${mode} tcp {host} {port}`,
          "--target-ready",
          "stdout:^ready",
        ]);
      const upper = await run("upper");
      assert.equal(upper.code, 1, upper.stdout + upper.stderr);
      const [result] = JSON.parse(upper.stdout).results;
      assert.match(result.notes.join("\n"), /kernel \(namespace/);
      const intact = result.checks.find((p: { name: string }) => p.name === "intact");
      assert.equal(intact?.ok, false, JSON.stringify(result.checks));
      // The same scenario against the same target, correct this time, passes: the failure above
      // is the target's.
      const ok = await run("ok");
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("a target at an IP address outside the namespace is a skip reason, a Unix path is not", () => {
  assert.match(
    namespaceTargetSkipReason(["--target-address", "127.0.0.1:7000"]) ?? "",
    /cannot be reached/,
  );
  assert.equal(namespaceTargetSkipReason(["--target-address", "/tmp/echo.sock"]), undefined);
  assert.equal(namespaceTargetSkipReason(["--target", "python3 x.py"]), undefined);
});
