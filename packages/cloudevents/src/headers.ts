import { EnvelopeError } from "@eventwire/envelope-core";
import { show } from "./percent-encoding.js";

/**
 * Header names are case-insensitive (HTTP, and the CloudEvents Kafka binding): the map with
 * every name in lower case. Two names that differ only in case are `MALFORMED`, since either
 * value could be the one meant.
 */
export function lowerCaseHeaders<T>(headers: Record<string, T>): Map<string, T> {
  if (typeof headers !== "object" || headers === null) {
    throw new EnvelopeError("MALFORMED", "headers must be an object", { path: "" });
  }
  const out = new Map<string, T>();
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (out.has(lower)) throw new EnvelopeError("MALFORMED", `the header ${show(lower)} is given twice`, { path: "" });
    out.set(lower, headers[name] as T);
  }
  return out;
}

/**
 * The attributes of binary-mode headers: `<prefix><name>` → `name`, and `content-type` →
 * `datacontenttype`. A `<prefix>datacontenttype` header (the cloudevents SDK writes one to
 * Kafka) is accepted when it agrees with `content-type`.
 */
export function attributesOfHeaders(
  headers: Map<string, unknown>,
  prefix: string,
  decode: (value: unknown, path: string) => string,
): [string, string][] {
  const attributes: [string, string][] = [];
  let contentType: string | undefined;
  let declared: string | undefined;
  for (const [name, value] of headers) {
    if (name === "content-type") contentType = decode(value, "/datacontenttype");
    else if (name === `${prefix}datacontenttype`) declared = decode(value, "/datacontenttype");
    else if (name.startsWith(prefix)) {
      const attribute = name.slice(prefix.length);
      attributes.push([attribute, decode(value, `/${attribute}`)]);
    }
  }
  if (declared !== undefined && contentType !== undefined && declared !== contentType) {
    throw new EnvelopeError(
      "INVALID_ENVELOPE",
      `${prefix}datacontenttype ${show(declared)} disagrees with content-type ${show(contentType)}`,
      { path: "/datacontenttype" },
    );
  }
  const type = contentType ?? declared;
  if (type !== undefined) attributes.push(["datacontenttype", type]);
  return attributes;
}
