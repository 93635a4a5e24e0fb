/**
 * Runs `body` with TMPDIR set to a new empty folder of its own, and removes that folder after.
 * For tests that look for files a run leaves behind: with their own TMPDIR they see only their
 * own, so another process (or another `deno task test`) making `sockspec-*` folders in /tmp at
 * the same time cannot fail them. The body gets the folder's path.
 */
export async function withOwnTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const previous = Deno.env.get("TMPDIR");
  const dir = await Deno.makeTempDir({ prefix: "sockspec-test-" });
  Deno.env.set("TMPDIR", dir);
  try {
    return await body(dir);
  } finally {
    if (previous === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", previous);
    await Deno.remove(dir, { recursive: true });
  }
}

/** Names in `dir`, sorted. */
export function entriesOf(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
}
