import assert from "node:assert/strict";
import { compileRegex, RegexSyntaxError } from "./regex.ts";

Deno.test("a catastrophic pattern against a non-matching text ends at once", () => {
  // A backtracking engine takes 2^40 steps here; RE2 takes one pass over the 41 characters.
  const text = `${"a".repeat(40)}!`;
  assert.equal(compileRegex("^(a+)+$").test(text), false);
  assert.equal(compileRegex("^(a|aa)+$").exec(text), null);
});

Deno.test("matches give the index in code units, the text and the groups", () => {
  const match = compileRegex("(\\w+)=(\\d+)(x)?").exec("é key=42;");
  assert.deepEqual(match, { index: 2, text: "key=42", groups: ["key", "42", ""] });
  assert.equal(compileRegex("^ready$", { multiline: true }).test("boot\nready\n"), true);
  assert.equal(compileRegex("^ready$").test("boot\nready\n"), false);
});

Deno.test("lookaround, backreferences and huge repeats are refused with RE2's reason", () => {
  for (
    const [source, reason] of [
      ["(?=a)b", /lookahead and lookbehind are not RE2 syntax/],
      ["(?<!a)b", /lookahead and lookbehind are not RE2 syntax/],
      ["(a)\\1", /backreferences are not RE2 syntax/],
      ["a{1001}", /invalid repeat count/],
      ["(a", /missing closing \)/],
    ] as const
  ) {
    assert.throws(() => compileRegex(source), (error: Error) => {
      assert.ok(error instanceof RegexSyntaxError);
      assert.match(error.message, /^expected an RE2 regular expression/);
      assert.match(error.message, reason);
      return true;
    });
  }
});

Deno.test("compileRegex() says a syntax error on one line, whatever line breaks the pattern holds", () => {
  assert.throws(
    () => compileRegex("[^VALUE (\\d+)\r\nfirst\r\nEND\r\n$"),
    (error: Error) => {
      assert.ok(error instanceof RegexSyntaxError);
      assert.doesNotMatch(error.message, /[\r\n]/);
      assert.match(error.message, /missing closing \]: `\[\^VALUE \(\\d\+\)\\r\\nfirst/);
      return true;
    },
  );
});
