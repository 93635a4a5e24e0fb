import assert from "node:assert/strict";
import {
  checkSocketPath,
  makeSocketDir,
  socketDirBase,
  SocketPathTooLong,
  SUN_PATH_MAX_BYTES,
} from "./socket_dir.ts";
import { bindDatagram } from "./datagram.ts";
import { listenStream } from "./stream.ts";

/** Runs `fn` with TMPDIR set to a fresh folder whose path is `length` bytes long. */
async function withTmpdir(
  length: number,
  fn: (tmp: string) => void | Promise<void>,
): Promise<void> {
  const work = await Deno.makeTempDir({ dir: "/var/tmp", prefix: "sockspec-sd-" });
  const tmp = `${work}/${"t".repeat(length - work.length - 1)}`;
  await Deno.mkdir(tmp);
  const previous = Deno.env.get("TMPDIR");
  Deno.env.set("TMPDIR", tmp);
  try {
    await fn(tmp);
  } finally {
    if (previous === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", previous);
    await Deno.remove(work, { recursive: true });
  }
}

Deno.test("a socket path over 107 bytes is refused with its length, one of 107 binds", async () => {
  await withTmpdir(40, (tmp) => {
    const fits = `${tmp}/${"s".repeat(SUN_PATH_MAX_BYTES - tmp.length - 1)}`;
    checkSocketPath(fits);
    bindDatagram({ path: fits }).close();
    const over = `${fits}x`;
    assert.throws(
      () => listenStream({ path: over }),
      new SocketPathTooLong(
        `the Unix socket path ${over} is 108 bytes; a socket path holds at most 107 (sun_path): ` +
          "use a shorter path",
      ),
    );
    assert.throws(() => bindDatagram({ path: over }), SocketPathTooLong);
  });
});

Deno.test("socket folders go under TMPDIR when paths fit there, else under /tmp", async () => {
  await withTmpdir(40, async (tmp) => {
    assert.equal(socketDirBase(60), tmp);
    const dir = await makeSocketDir({ prefix: "sockspec-sd-", roomBytes: 40 });
    try {
      assert.match(dir, new RegExp(`^${tmp}/sockspec-sd-[0-9a-f]{6}$`));
    } finally {
      await Deno.remove(dir);
    }
  });
  await withTmpdir(90, async () => {
    assert.equal(socketDirBase(60), "/tmp");
    const dir = await makeSocketDir({ prefix: "sockspec-sd-", roomBytes: 50 });
    try {
      assert.match(dir, /^\/tmp\/sockspec-sd-[0-9a-f]{6}$/);
      // The longest path it was made for binds.
      const path = `${dir}/${"s".repeat(49)}`;
      using listener = listenStream({ path });
      assert.equal((listener.addr as Deno.UnixAddr).path, path);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});
