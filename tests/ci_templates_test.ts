/**
 * The CI templates in examples/ci/ run as their CI would run them, so that they cannot rot: each
 * template is parsed, and its commands run, in a fresh workspace holding the example project
 * (examples/greeter: a line-protocol server and its scenarios), once per parallel job, with the
 * variables the CI sets (the shard index, GITHUB_PATH, HOME, ...).
 *
 * What the CI machine provides is emulated rather than run: checking out sockspec is a symlink
 * to this clone, and `npm install -g deno@VERSION` is checked to name the Deno that runs these
 * tests instead of replacing it. Every sockspec command (install and runs) is run for real. The
 * JUnit reports of all jobs together must hold every scenario of the example project once.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { XMLParser } from "fast-xml-parser";
import { loadScenarioFile } from "../lib/scenario/load.ts";
import { discoverScenarioFiles } from "../lib/cli/discover.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const PROJECT = "examples/greeter";

/** The README's install command, which the templates must repeat word for word. */
async function readmeInstallCommand(): Promise<string> {
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const line = readme.split("\n").find((l) => /^deno install .*--global/.test(l));
  assert.ok(line, "the README has a 'deno install --global' line");
  return line;
}

/** Names of the example project's scenarios, as JUnit testcases name them. */
async function expectedTestcases(): Promise<string[]> {
  const files = await discoverScenarioFiles([join(ROOT, PROJECT, "scenarios")]);
  const scenarios = (await Promise.all(files.map((file) => loadScenarioFile(file)))).flat();
  return scenarios.flatMap((s) => s.transports.map((t) => `${s.name} [${t}]`)).sort();
}

/** Testcase names of a JUnit file. */
async function testcases(file: string): Promise<string[]> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    isArray: (name) => name === "testsuite" || name === "testcase",
  });
  const xml = parser.parse(await Deno.readTextFile(file));
  return (xml.testsuites.testsuite ?? []).flatMap((suite: { testcase?: { "@name": string }[] }) =>
    (suite.testcase ?? []).map((testcase) => testcase["@name"])
  );
}

/** Where this Deno keeps its cache (DENO_DIR, else a default that depends on HOME). */
async function denoDir(): Promise<string> {
  const { stdout } = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output();
  return JSON.parse(new TextDecoder().decode(stdout)).denoDir;
}

/** What a CI job starts with: the project checked out in a fresh folder, a home of its own. */
interface Job {
  workspace: string;
  home: string;
  env: Record<string, string>;
}

async function newJob(): Promise<Job> {
  const workspace = await Deno.makeTempDir({ prefix: "sockspec-ci-job-" });
  await Deno.mkdir(join(workspace, "examples"));
  const { code } = await new Deno.Command("cp", {
    args: ["-r", join(ROOT, PROJECT), join(workspace, PROJECT)],
  }).output();
  assert.equal(code, 0);
  const home = join(workspace, ".home");
  await Deno.mkdir(home);
  const env: Record<string, string> = {
    HOME: home,
    PATH: Deno.env.get("PATH")!,
    // Deno's cache stays where it is, as a CI cache would keep it: nothing is downloaded again.
    DENO_DIR: await denoDir(),
    CI: "true",
  };
  return { workspace, home, env };
}

/** "Checking out" sockspec into the job: this clone, by a symlink. */
async function checkoutSockspec(job: Job, path: string): Promise<void> {
  await Deno.symlink(ROOT, join(job.workspace, path));
}

async function bash(script: string, cwd: string, env: Record<string, string>) {
  const { code, stdout, stderr } = await new Deno.Command("bash", {
    args: ["-e", "-c", script],
    cwd,
    env,
    clearEnv: true,
  }).output();
  const output = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  return { code, output };
}

/** The Deno that a setup line installs must be the one that runs these tests. */
function checkDenoSetup(line: string): void {
  const match = /^npm install -g deno@(\S+)$/.exec(line.trim());
  assert.ok(match, `expected "npm install -g deno@VERSION", found ${JSON.stringify(line)}`);
  assert.equal(match[1], Deno.version.deno);
}

async function removeJob(job: Job): Promise<void> {
  await Deno.remove(job.workspace, { recursive: true });
}

Deno.test("examples/ci/github-actions.yml: 4 shards install sockspec, run every scenario once and keep JUnit", async () => {
  const workflow = parse(await Deno.readTextFile(join(ROOT, "examples/ci/github-actions.yml")));
  const [job] = Object.values(workflow.jobs) as {
    strategy: { "fail-fast": boolean; matrix: { shard: number[] } };
    steps: Record<string, unknown>[];
  }[];
  const shards = job.strategy.matrix.shard;
  assert.deepEqual(shards, [1, 2, 3, 4]);
  assert.equal(job.strategy["fail-fast"], false);
  const install = await readmeInstallCommand();
  const seen: string[] = [];
  for (const shard of shards) {
    const ci = await newJob();
    const githubPath = join(ci.workspace, ".github_path");
    await Deno.writeTextFile(githubPath, "");
    const env: Record<string, string> = {
      ...ci.env,
      GITHUB_ACTIONS: "true",
      GITHUB_PATH: githubPath,
      GITHUB_STEP_SUMMARY: join(ci.workspace, ".step_summary"),
      GITHUB_WORKSPACE: ci.workspace,
    };
    try {
      for (const step of job.steps) {
        const uses = step.uses as string | undefined;
        const withs = (step.with ?? {}) as Record<string, string>;
        if (uses?.startsWith("actions/checkout@")) {
          if (withs.path) {
            assert.equal(withs.repository, "${{ vars.SOCKSPEC_REPOSITORY }}");
            await checkoutSockspec(ci, withs.path);
          } // else: the workspace already holds the project
        } else if (uses?.startsWith("actions/upload-artifact@")) {
          assert.equal(step.if, "${{ !cancelled() }}", "reports are kept when a scenario fails");
          assert.equal(withs.name, "junit-${{ matrix.shard }}");
          const file = join(ci.workspace, withs.path, `junit-${shard}.xml`);
          seen.push(...await testcases(file));
        } else if (/^npm install -g deno@/.test(step.run as string)) {
          checkDenoSetup(step.run as string);
        } else {
          assert.ok(step.run, `a step with run or a known action: ${JSON.stringify(step)}`);
          const script = (step.run as string).replaceAll("${{ matrix.shard }}", String(shard));
          assert.doesNotMatch(script, /\$\{\{/, "an expression this test does not know");
          if (/deno install/.test(script)) assert.ok(script.includes(install), "README's install");
          const added = (await Deno.readTextFile(githubPath)).split("\n").filter(Boolean);
          const cwd = join(ci.workspace, (step["working-directory"] as string) ?? ".");
          const { code, output } = await bash(script, cwd, {
            ...env,
            PATH: [...added.reverse(), env.PATH].join(":"),
          });
          assert.equal(code, 0, `${step.name}, shard ${shard}:\n${output}`);
        }
      }
    } finally {
      await removeJob(ci);
    }
  }
  assert.deepEqual(seen.sort(), await expectedTestcases());
});

Deno.test("examples/ci/gitlab-ci.yml: 4 parallel jobs install sockspec, run every scenario once and report JUnit", async () => {
  const pipeline = parse(await Deno.readTextFile(join(ROOT, "examples/ci/gitlab-ci.yml")));
  const job = pipeline.sockspec as {
    parallel: number;
    before_script: string[];
    script: string[];
    artifacts: { when: string; reports: { junit: string } };
  };
  assert.equal(job.parallel, 4);
  assert.equal(job.artifacts.when, "always", "reports are kept when a scenario fails");
  const junit = job.artifacts.reports.junit;
  const junitFile = new RegExp(`^${junit.replace(/[.]/g, "\\.").replace("*", "[^/]*")}$`);
  const install = await readmeInstallCommand();
  const seen: string[] = [];
  for (let index = 1; index <= job.parallel; index++) {
    const ci = await newJob();
    try {
      const lines: string[] = [];
      for (const line of [...job.before_script, ...job.script]) {
        if (/^npm install -g deno@/.test(line)) checkDenoSetup(line);
        else if (/^git clone .* \.sockspec$/.test(line)) await checkoutSockspec(ci, ".sockspec");
        else lines.push(line);
      }
      assert.ok(lines.some((line) => line.includes(install)), "the README's install command");
      const { code, output } = await bash(lines.join("\n"), ci.workspace, {
        ...ci.env,
        GITLAB_CI: "true",
        CI_NODE_INDEX: String(index),
        CI_NODE_TOTAL: String(job.parallel),
      });
      assert.equal(code, 0, `job ${index}/${job.parallel}:\n${output}`);
      const reports = join(ci.workspace, "reports");
      const files = [];
      for await (const entry of Deno.readDir(reports)) {
        if (junitFile.test(`reports/${entry.name}`)) files.push(join(reports, entry.name));
      }
      assert.equal(files.length, 1, `one JUnit file of job ${index} matches ${junit}`);
      seen.push(...await testcases(files[0]));
    } finally {
      await removeJob(ci);
    }
  }
  assert.deepEqual(seen.sort(), await expectedTestcases());
});
