/** TLS settings of a run's peers, with the certificates the run makes. @module */
import type { ServerTls } from "../model/peer.ts";
import type { ServerTlsOptions } from "../transport/stream.ts";
import type { RunContext } from "./context.ts";

/** The name every run certificate holds beside the host: SNI needs a DNS name. */
export const TLS_SERVER_NAME = "sockspec.test";

/**
 * The certificate, key and ALPN list of a TLS server: a certificate made now for its names
 * (default `sockspec.test` and the host) by the run's CA, expired, or by an untrusted CA.
 */
export async function serverTlsOptions(
  ctx: RunContext,
  tls: ServerTls,
  host: string,
): Promise<ServerTlsOptions> {
  const settings = tls === true ? {} : tls;
  const pki = await ctx.pki();
  const names = settings.names ?? [TLS_SERVER_NAME, host];
  const certified = await pki.issue(names, settings.cert ?? "valid");
  return { ...certified, alpn: settings.alpn };
}
