/**
 * A new user, from the README alone, in an empty folder: installs the `sockspec` command with
 * the README's install line, writes a scenario for a line server of their own that the scenario
 * starts, runs it from their folder with a JUnit report in a folder of their choosing, and
 * imports the same scenario into a `Deno.test` (issue 10, "Done when").

 * It also runs the scenario against an already-running copy with `--target-address PEER=ADDRESS`
 * and gets annotations with `--reporter github`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";

const ROOT = new URL("../", import.meta.url).pathname;

const LINE_SERVER = `import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(64)
print("listening on", s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept(); f = c.makefile("rwb")
    for line in f:
        f.write(b"HELLO " + line.strip().upper() + b"\\n"); f.flush()
    c.close()
`;

const SCENARIO = `# yaml-language-server: $schema=${ROOT}schema/scenario.schema.json
name: my server greets by name
transport: tcp
server: { command: "python3 line_server.py {host} {port}" }
client:
  - connect: {}
  - send: "ada\\n"
  - receive: "HELLO ADA\\n"
`;

const DENO_TEST =
  `import { createReporter, loadScenarioFile, planRuns, runSuite } from "${ROOT}mod.ts";

Deno.test("greet.yaml passes against my server", async () => {
  const summary = await runSuite(planRuns(await loadScenarioFile("greet.yaml")), {
    seed: 1,
    reporter: createReporter("pretty"),
  });
  if (summary.failed > 0) throw new Error(summary.results[0].failure?.message);
});
`;

const decoder = new TextDecoder();

async function run(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const { code, stdout, stderr } = await new Deno.Command(command, { args, cwd, env }).output();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

Deno.test("a new user installs sockspec, tests their own server from their folder, and in Deno.test", async (t) => {
  const work = await Deno.makeTempDir({ prefix: "sockspec-new-user-" });
  const project = join(work, "myproject");
  const root = join(work, "root");
  await Deno.mkdir(project);
  const env = { PATH: `${root}/bin:${Deno.env.get("PATH")}`, NO_COLOR: "1" };
  const sockspec = (args: string[], extra: Record<string, string> = {}) =>
    run(join(root, "bin/sockspec"), args, project, { ...env, ...extra });
  try {
    await t.step(
      "installs with the README's command, and --version works in their folder",
      async () => {
        const readme = await Deno.readTextFile(join(ROOT, "README.md"));
        const line = readme.split("\n").find((l) =>
          /^\s*(npx -y deno@[0-9.]+|deno) install .*(--global|-g)/.test(l)
        );
        assert.ok(line, "an install line in the README");
        const installed = await run("bash", ["-c", line], ROOT, {
          ...env,
          DENO_INSTALL_ROOT: root,
        });
        assert.equal(installed.code, 0, installed.stderr);
        const version = await sockspec(["--version"]);
        assert.equal(version.code, 0, version.stderr);
        assert.match(version.stdout, /^sockspec \d+\.\d+\.\d+\n$/);
      },
    );

    await Deno.writeTextFile(join(project, "line_server.py"), LINE_SERVER);
    await Deno.writeTextFile(join(project, "greet.yaml"), SCENARIO);

    await t.step(
      "runs their scenario against their server, JUnit in a folder they name",
      async () => {
        const result = await sockspec([
          "run",
          "greet.yaml",
          "--reporter",
          "junit=out/ci/junit.xml",
        ]);
        assert.equal(result.code, 0, result.stdout + result.stderr);
        const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(
          await Deno.readTextFile(join(project, "out/ci/junit.xml")),
        );
        assert.equal(xml.testsuites["@tests"], "1");
        assert.equal(xml.testsuites["@failures"], "0");
        assert.equal(xml.testsuites.testsuite.testcase["@name"], "my server greets by name [tcp]");
      },
    );

    await t.step("a server that answers wrongly fails the run with exit 1", async () => {
      await Deno.writeTextFile(
        join(project, "wrong.yaml"),
        SCENARIO.replace("name: my server", "name: wrong").replace("HELLO ADA", "HELLO BOB"),
      );
      const result = await sockspec(["wrong.yaml", "--reporter", "dot"]);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stdout, /0 passed, 1 failed/);
    });

    await t.step({
      name: "runs the same scenario against an already-running copy (--target-address)",
      fn: async () => {
        const server = new Deno.Command("python3", {
          args: ["line_server.py", "127.0.0.1", "0"],
          cwd: project,
          stdout: "piped",
          stderr: "null",
        }).spawn();
        try {
          // The first line, however the pipe splits it.
          const reader = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
          let value = "";
          while (!value.includes("\n")) {
            const chunk = await reader.read();
            if (chunk.done) break;
            value += chunk.value;
          }
          reader.releaseLock();
          const port = /listening on (\d+)/.exec(value)?.[1];
          assert.ok(port, `the server's port, from ${value}`);
          const result = await sockspec([
            "greet.yaml",
            "--target-address",
            `server=127.0.0.1:${port}`,
          ]);
          assert.equal(result.code, 0, result.stdout + result.stderr);
        } finally {
          server.kill();
          await server.status;
          await server.stdout.cancel().catch(() => {});
        }
      },
    });

    await t.step({
      name: "gets a GitHub annotation for a failure (--reporter github)",
      fn: async () => {
        const result = await sockspec(["wrong.yaml", "--reporter", "github"]);
        assert.equal(result.code, 1);
        // Workflow commands go to standard error, beside whatever reporter has standard output.
        assert.match(result.stderr, /^::error file=wrong\.yaml,line=\d+/m);
      },
    });

    await t.step("imports the same scenario into a Deno.test, with no deno.json", async () => {
      await Deno.writeTextFile(join(project, "greet_test.ts"), DENO_TEST);
      const result = await run(
        Deno.execPath(),
        ["test", "--allow-all", "greet_test.ts"],
        project,
        env,
      );
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /greet\.yaml passes against my server \.\.\. ok/);
    });
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
