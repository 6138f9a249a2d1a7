import { EnvelopeError } from "@eventwire/envelope-core";
import { readBodyText } from "./read-body.js";
import type { RegistrySchema, SchemaRegistry, SchemaType } from "./schema-registry.js";

/** Options of {@link httpRegistry}. */
export interface HttpRegistryOptions {
  /** The registry's base URL, e.g. `http://localhost:8081` (a path prefix is kept). */
  url: string;
  /** HTTP basic auth, as Confluent Cloud's API key and secret use it. */
  auth?: { username: string; password: string } | undefined;
  /**
   * `true` (the default): `register` registers the schema (POST /subjects/{subject}/versions).
   * `false`: it only looks the schema up under the subject (POST /subjects/{subject}), for
   * registries where producers may not register; a schema not there is `UNKNOWN_SCHEMA`.
   */
  autoRegister: boolean;
  /** How long one request may take, in milliseconds. Default 10,000. */
  timeoutMs: number;
  /** The largest response body read, in bytes. Default 8 MiB. */
  maxResponseBytes: number;
  /** How many schemas (by id) and ids (by subject and schema) are kept. Default 1,000 each. */
  maxCachedSchemas: number;
  /** The `fetch` to use. Default `globalThis.fetch`. */
  fetch: typeof globalThis.fetch;
}

/** The defaults of {@link HttpRegistryOptions}. */
export const HTTP_REGISTRY_DEFAULTS: Readonly<Omit<HttpRegistryOptions, "url" | "auth" | "fetch">> = Object.freeze({
  autoRegister: true,
  timeoutMs: 10_000,
  maxResponseBytes: 8 * 1024 * 1024,
  maxCachedSchemas: 1000,
});

const CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

/**
 * A {@link SchemaRegistry} over the Confluent Schema Registry REST API. Ids and schemas are cached
 * (a schema id never changes its schema), and concurrent requests for one key share one call.
 * Every failure, from the network or the registry, is an `UNKNOWN_SCHEMA` `EnvelopeError` whose
 * message names the subject or id and the registry's own error.
 *
 * @example
 * ```ts
 * const registry = httpRegistry({ url: "https://psrc-xyz.confluent.cloud", auth: { username: key, password: secret } });
 * ```
 */
export function httpRegistry(options: Partial<HttpRegistryOptions> & Pick<HttpRegistryOptions, "url">): SchemaRegistry {
  const settings = { ...HTTP_REGISTRY_DEFAULTS, fetch: globalThis.fetch, ...options };
  const base = settings.url.replace(/\/+$/, "");
  const schemas = new BoundedCache<number, Promise<RegistrySchema>>(settings.maxCachedSchemas);
  const ids = new BoundedCache<string, Promise<number>>(settings.maxCachedSchemas);

  const request = async (method: string, path: string, body: unknown, what: string): Promise<unknown> => {
    const headers: Record<string, string> = { accept: CONTENT_TYPE };
    if (body !== undefined) headers["content-type"] = CONTENT_TYPE;
    if (settings.auth !== undefined) headers.authorization = basicAuth(settings.auth);
    let response: Response;
    let text: string;
    try {
      response = await settings.fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      text = await readBodyText(response, settings.maxResponseBytes);
    } catch (error) {
      throw registryError(`${what}: the registry could not be reached (${describe(error)})`, error);
    }
    if (!response.ok) throw registryError(`${what}: the registry answered ${response.status} ${errorMessageOf(text)}`);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw registryError(`${what}: the registry's answer is not JSON`, error);
    }
  };

  const fetchId = async (subject: string, schema: RegistrySchema): Promise<number> => {
    const what = `subject ${JSON.stringify(subject)}`;
    const path = settings.autoRegister
      ? `/subjects/${encodeURIComponent(subject)}/versions`
      : `/subjects/${encodeURIComponent(subject)}`;
    const answer = await request("POST", path, { schemaType: schema.schemaType, schema: schema.schema }, what);
    const id = (answer as { id?: unknown } | null)?.id;
    if (typeof id !== "number" || !Number.isInteger(id)) throw registryError(`${what}: the answer has no schema id`);
    return id;
  };

  const fetchSchema = async (id: number): Promise<RegistrySchema> => {
    const what = `schema id ${id}`;
    const answer = (await request("GET", `/schemas/ids/${id}`, undefined, what)) as {
      schema?: unknown;
      schemaType?: unknown;
    } | null;
    if (typeof answer?.schema !== "string") throw registryError(`${what}: the answer has no schema`);
    // The registry leaves schemaType out for Avro, its first language.
    const schemaType = answer.schemaType ?? "AVRO";
    if (schemaType !== "AVRO" && schemaType !== "PROTOBUF" && schemaType !== "JSON") {
      throw registryError(`${what}: unknown schemaType ${JSON.stringify(schemaType)}`);
    }
    return { schemaType: schemaType as SchemaType, schema: answer.schema };
  };

  return {
    register(subject, schema) {
      const key = `${subject}\n${schema.schemaType}\n${schema.schema}`;
      return ids.getOrCreate(key, () => fetchId(subject, schema));
    },
    getSchema(id) {
      if (!Number.isInteger(id)) return Promise.reject(registryError(`${String(id)} is not a schema id`));
      return schemas.getOrCreate(id, () => fetchSchema(id));
    },
  };
}

/** A map of at most `limit` entries that forgets the oldest first, and forgets failures at once. */
class BoundedCache<K, V extends Promise<unknown>> {
  readonly #entries = new Map<K, V>();
  constructor(private readonly limit: number) {}

  getOrCreate(key: K, create: () => V): V {
    const known = this.#entries.get(key);
    if (known !== undefined) return known;
    const value = create();
    // A failed lookup is not kept: the next call asks again (the schema may be registered by then).
    value.catch(() => this.#entries.delete(key));
    if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value as K);
    this.#entries.set(key, value);
    return value;
  }
}

function basicAuth(auth: { username: string; password: string }): string {
  const bytes = new TextEncoder().encode(`${auth.username}:${auth.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

function errorMessageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (typeof body.message === "string") return `(${String(body.error_code)}: ${body.message})`;
  } catch {
    // Not the registry's JSON error body: show the start of what came.
  }
  return JSON.stringify(text.slice(0, 200));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function registryError(reason: string, cause?: unknown): EnvelopeError {
  return new EnvelopeError("UNKNOWN_SCHEMA", reason, cause === undefined ? {} : { cause });
}
