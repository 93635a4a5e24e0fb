import assert from "node:assert/strict";
import { parseScenarios } from "../scenario/load.ts";
import { planRuns, runSuite } from "./run_suite.ts";
import type { Reporter } from "../report/reporter.ts";

const scenario = (name: string, exclusive: boolean) =>
  `name: ${name}
transport: tcp
exclusive: ${exclusive}
server: { builtin: echo }
client:
  - connect: {}
  - send: "x"
  - receive: "x"
`;

Deno.test("an exclusive run starts after every other run ended, and runs alone", async () => {
  const scenarios = [
    ...parseScenarios(scenario("load", true), "a.yaml"),
    ...parseScenarios(scenario("one", false), "b.yaml"),
    ...parseScenarios(scenario("two", false), "c.yaml"),
  ];
  const log: string[] = [];
  const reporter: Reporter = {
    start() {},
    begin(_id, name) {
      log.push(`begin ${name}`);
    },
    result(result) {
      log.push(`end ${result.name}`);
    },
    end() {},
  };
  const summary = await runSuite(planRuns(scenarios), { seed: 1, concurrency: 4, reporter });
  assert.equal(summary.passed, 3);
  assert.deepEqual(log.slice(-2), ["begin load", "end load"]);
  assert.deepEqual(summary.results.map((r) => r.name), ["load", "one", "two"]);
});
