import assert from "node:assert/strict";
import { RunPki } from "./test_pki.ts";
import { connectStream, listenStream } from "./stream.ts";

/** Serves one TLS handshake with `cert`; the client connects as `serverName`, trusting `ca`. */
async function handshake(
  pki: RunPki,
  kind: "valid" | "expired" | "untrusted",
  serverName: string,
): Promise<string | undefined> {
  const tls = { ...await pki.issue(["sockspec.test", "127.0.0.1"], kind), alpn: ["h2"] };
  using listener = listenStream({ host: "127.0.0.1", port: 0 }, { tls });
  const { port } = listener.addr as Deno.NetAddr;
  const served = listener.accept().then(async (conn) => {
    await (conn as Deno.TlsConn).handshake().catch(() => {});
    conn.close();
  });
  try {
    const conn = await connectStream({ host: "127.0.0.1", port }, {
      tls: { serverName, caCerts: [pki.caPem], alpn: ["http/1.1", "h2"] },
    });
    const { alpnProtocol } = await (conn as Deno.TlsConn).handshake();
    conn.close();
    return `ok ${alpnProtocol}`;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await served;
  }
}

Deno.test("run certificates: valid ones pass, expired, untrusted and misnamed ones fail", async () => {
  const pki = await RunPki.create();
  assert.equal(await handshake(pki, "valid", "sockspec.test"), "ok h2");
  assert.equal(await handshake(pki, "valid", "127.0.0.1"), "ok h2");
  assert.match(await handshake(pki, "expired", "sockspec.test") ?? "", /certificate expired/);
  assert.match(await handshake(pki, "untrusted", "sockspec.test") ?? "", /UnknownIssuer/);
  assert.match(
    await handshake(pki, "valid", "other.test") ?? "",
    /not valid for name "other.test"/,
  );
});
