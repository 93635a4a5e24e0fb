import assert from "node:assert/strict";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { JunitReporter } from "./junit.ts";
import { allResults, collector, drive, nastyResult, summaryOf } from "./_fixtures.ts";

interface XmlNode {
  [key: string]: unknown;
}

function parse(xml: string): XmlNode {
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, `invalid XML: ${JSON.stringify(valid)}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true, // decode numeric character references such as &#10;
    isArray: (name) => ["testsuite", "testcase", "property"].includes(name),
  });
  return parser.parse(xml);
}

async function junitOf(results = allResults()): Promise<{ xml: string; doc: XmlNode }> {
  const out = collector();
  await drive(new JunitReporter({ write: out.write }), results);
  return { xml: out.text(), doc: parse(out.text()) };
}

Deno.test("junit is valid XML with a testsuite for each scenario file and run totals", async () => {
  const { xml, doc } = await junitOf();
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites '));
  const suites = doc.testsuites as XmlNode;
  assert.equal(suites["@name"], "sockspec");
  assert.equal(suites["@tests"], "4");
  assert.equal(suites["@failures"], "2");
  assert.equal(suites["@errors"], "0");
  assert.equal(suites["@skipped"], "1");
  assert.equal(suites["@time"], "3.210");
  const list = suites.testsuite as XmlNode[];
  assert.deepEqual(list.map((s) => [s["@name"], s["@tests"], s["@failures"], s["@skipped"]]), [
    ["scenarios/tcp/echo.yaml", "1", "0", "0"],
    ["scenarios/tcp/upper.yaml", "1", "1", "0"],
    ["scenarios/udp/boundaries.yaml", "1", "1", "0"],
    ["scenarios/faults/netem.yaml", "1", "0", "1"],
  ]);
  const property = (list[0].properties as XmlNode).property as XmlNode[];
  assert.deepEqual(property, [{ "@name": "seed", "@value": "12345" }]);
});

Deno.test("junit testcases carry name [transport], classname = file and time in seconds", async () => {
  const { doc } = await junitOf();
  const cases = ((doc.testsuites as XmlNode).testsuite as XmlNode[]).flatMap(
    (s) => s.testcase as XmlNode[],
  );
  assert.deepEqual(cases.map((c) => [c["@name"], c["@classname"], c["@time"]]), [
    ["TCP echo returns every byte [tcp]", "scenarios/tcp/echo.yaml", "0.043"],
    ["upper-case server answers in capitals [tcp]", "scenarios/tcp/upper.yaml", "1.250"],
    ["UDP keeps datagram boundaries [udp]", "scenarios/udp/boundaries.yaml", "0.310"],
    ["kernel netem loss [udp]", "scenarios/faults/netem.yaml", "0.000"],
  ]);
  assert.equal(cases[0].failure, undefined);
  assert.equal(
    cases[0]["system-out"],
    "client wrote 1048576 bytes in 256 writes of 4096; server read them in 97 reads\n" +
      "✓ ordered: 1048576 of 1048576 bytes in order\n✓ lossless: 0 bytes lost",
  );
  assert.deepEqual(cases[3].skipped, { "@message": "needs ip netns: Operation not permitted" });
});

Deno.test("junit failures hold message, type, and a body with step, location, diff, rerun", async () => {
  const { doc } = await junitOf();
  const [, upper, udp] = (doc.testsuites as XmlNode).testsuite as XmlNode[];
  const failure = (upper.testcase as XmlNode[])[0].failure as XmlNode;
  assert.equal(
    failure["@message"],
    'expected "HELLO\\n" (6 bytes), received "hello\\n" (6 bytes)',
  );
  assert.equal(failure["@type"], "StepFailure");
  const body = failure["#text"] as string;
  assert.match(
    body,
    /\nat client, step receive: \{ text: "HELLO\\n" \} \(scenarios\/tcp\/upper\.yaml:12:7\)\n/,
  );
  assert.match(body, /\n\* 00000000 {2}68 65 6c 6c 6f 0a +\|hello\.\| +received\n/);
  assert.match(body, /\nrerun: deno task scenarios scenarios\/tcp\/upper\.yaml --name 'upper-case/);
  const udpFailure = (udp.testcase as XmlNode[])[0].failure as XmlNode;
  assert.equal(udpFailure["@type"], "CheckFailure");
  assert.equal(udpFailure["@message"], "checks failed");
});

Deno.test("junit escapes markup and replaces characters XML 1.0 does not allow", async () => {
  const { xml, doc } = await junitOf([nastyResult()]);
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(xml, /[\x00-\x08\x0b\x0c\x0e-\x1f]|[\ud800-\udfff]/);
  const suite = ((doc.testsuites as XmlNode).testsuite as XmlNode[])[0];
  assert.equal(suite["@name"], "scenarios/x&y.yaml");
  const testcase = (suite.testcase as XmlNode[])[0];
  assert.equal(testcase["@name"], 'odd <name> & "quotes" # not a directive \\ \\x07bell [unix]');
  const failure = testcase.failure as XmlNode;
  assert.equal(
    failure["@message"],
    "received \\x00\\x1b[31m and ]]> and a lone \\ud800 surrogate\nsecond line",
  );
  assert.match(
    failure["#text"] as string,
    /\n {2}00000000 {2}00 01 02 ff 41 +\|\.\.\.\.A\| +received\n/,
  );
  assert.equal(testcase["system-out"], "note with <tag> and \\x0c form feed");
});

Deno.test("junit with an output path writes the file at the end, creating parent folders", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "reports", "junit.xml");
    const reporter = new JunitReporter({ output: path });
    assert.equal(reporter.writesStdout, false);
    await drive(reporter, allResults(), summaryOf(allResults()));
    const doc = parse(await Deno.readTextFile(path));
    assert.equal((doc.testsuites as XmlNode)["@tests"], "4");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("junit testcases carry file and line; an absolute path becomes cwd-relative", async () => {
  const failed = allResults()[1];
  const absolute = {
    ...failed,
    file: join(Deno.cwd(), failed.file),
    failure: { ...failed.failure!, location: undefined },
  };
  const { doc } = await junitOf([allResults()[0], failed, absolute]);
  const suites = (doc.testsuites as XmlNode).testsuite as XmlNode[];
  const cases = suites.flatMap((s) => s.testcase as XmlNode[]);
  assert.deepEqual(cases.map((c) => [c["@classname"], c["@file"], c["@line"]]), [
    ["scenarios/tcp/echo.yaml", "scenarios/tcp/echo.yaml", "1"],
    // A failed step is located at its own line; without a location, at the scenario's.
    [
      "scenarios/tcp/upper.yaml",
      "scenarios/tcp/upper.yaml",
      String(failed.failure!.location!.line),
    ],
    ["scenarios/tcp/upper.yaml", "scenarios/tcp/upper.yaml", String(failed.line)],
  ]);
  assert.deepEqual(suites.map((s) => s["@name"]), [
    "scenarios/tcp/echo.yaml",
    "scenarios/tcp/upper.yaml",
  ]);
});
