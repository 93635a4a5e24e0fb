/**
 * @peculiar/x509, X.509 certificates made with WebCrypto (the run's TLS certificates): the one
 * place that names its version (see zod.ts for why the library imports it from here).
 *
 * @module
 */
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import "npm:reflect-metadata@^0.2.2";
export * from "npm:@peculiar/x509@^2.2.0";
