import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import selfsigned from "selfsigned";

export interface Certificate {
  readonly key: string;
  readonly cert: string;
}

/** A self-signed certificate for localhost, made at start (nothing is downloaded or kept). */
export async function makeCertificate(certFile?: string): Promise<Certificate> {
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: false },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  if (certFile !== undefined) {
    // The Node consumer trusts exactly this certificate, by reading it here.
    mkdirSync(dirname(certFile), { recursive: true });
    writeFileSync(certFile, pems.cert);
  }
  return { key: pems.private, cert: pems.cert };
}
