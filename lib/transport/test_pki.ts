/**
 * Certificates made for one run: a CA the run's clients trust, server certificates it signs
 * (valid, expired, or for other names), and certificates of a second CA nobody trusts, for the
 * handshake failures a TLS test must see. ECDSA P-256 keys from WebCrypto, X.509 from
 * `@peculiar/x509`; nothing is written to disk.
 *
 * @module
 */
import * as x509 from "../_deps/x509.ts";

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const HOUR_MS = 3_600_000;

/** Which server certificate to make. */
export type CertificateKind = "valid" | "expired" | "untrusted";

/** A certificate and its private key, both PEM. */
export interface CertifiedKey {
  cert: string;
  key: string;
}

interface Authority {
  keys: CryptoKeyPair;
  cert: x509.X509Certificate;
}

let serial = 1;

function nextSerial(): string {
  return (serial++).toString(16).padStart(2, "0");
}

async function authority(name: string): Promise<Authority> {
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - HOUR_MS),
    notAfter: new Date(Date.now() + 24 * HOUR_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
    ],
  });
  return { keys, cert };
}

function altName(name: string): { type: "ip" | "dns"; value: string } {
  return { type: /^[\d.]+$|:/.test(name) ? "ip" : "dns", value: name };
}

/** A run's certificate authorities; make one with {@linkcode RunPki.create}. */
export class RunPki {
  readonly #trusted: Authority;
  readonly #untrusted: Authority;

  private constructor(trusted: Authority, untrusted: Authority) {
    this.#trusted = trusted;
    this.#untrusted = untrusted;
  }

  /** Makes the two authorities (tens of ms). */
  static async create(): Promise<RunPki> {
    return new RunPki(
      await authority("sockspec run CA"),
      await authority("sockspec untrusted CA"),
    );
  }

  /** The CA certificate (PEM) the run's clients trust. */
  get caPem(): string {
    return this.#trusted.cert.toString("pem");
  }

  /**
   * A server certificate for `names` (DNS names or IP addresses, in subjectAltName): signed by
   * the trusted CA and valid now, signed by it and expired an hour ago, or signed by the
   * untrusted CA.
   */
  async issue(names: string[], kind: CertificateKind = "valid"): Promise<CertifiedKey> {
    const signer = kind === "untrusted" ? this.#untrusted : this.#trusted;
    const keys = await crypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
    const now = Date.now();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: nextSerial(),
      subject: `CN=${names[0]}`,
      issuer: signer.cert.subject,
      notBefore: new Date(kind === "expired" ? now - 2 * 24 * HOUR_MS : now - HOUR_MS),
      notAfter: new Date(kind === "expired" ? now - HOUR_MS : now + 24 * HOUR_MS),
      signingKey: signer.keys.privateKey,
      publicKey: keys.publicKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.SubjectAlternativeNameExtension(names.map(altName)),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.BasicConstraintsExtension(false),
      ],
    });
    const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
    return { cert: cert.toString("pem"), key: x509.PemConverter.encode(pkcs8, "PRIVATE KEY") };
  }
}
