import assert from "node:assert/strict";

const CHILD =
  new URL("../../../tests/runner/testdata/accept_emfile_child.ts", import.meta.url).pathname;

Deno.test("a built-in server out of descriptors goes on accepting once clients close", async () => {
  const { code, stdout, stderr } = await new Deno.Command("sh", {
    args: ["-c", `ulimit -n 200 && exec "${Deno.execPath()}" run -A "${CHILD}" 70 40`],
  }).output();
  const err = new TextDecoder().decode(stderr);
  assert.equal(code, 0, err);
  const { late, echoed, notes } = JSON.parse(new TextDecoder().decode(stdout));
  assert.ok(late > 0, "some clients connected after the server ran out");
  assert.equal(echoed, late, "every client that waited in the backlog got its echo");
  assert.ok(
    notes.some((note: string) => /accept: too many open files \(EMFILE\)/.test(note)),
    JSON.stringify(notes),
  );
});
