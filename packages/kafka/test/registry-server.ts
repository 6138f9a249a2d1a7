// A small in-memory Confluent Schema Registry on loopback, written from the REST API reference
// (docs.confluent.io, "Schema Registry API Reference"): the endpoints that
// @confluentinc/schemaregistry's client and eventwire's httpRegistry call, with basic auth.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import avro from "avsc";

interface Stored {
  id: number;
  schemaType: string;
  schema: string;
}

/** A running registry: its URL, what it was asked, and `close`. */
export interface RegistryServer {
  url: string;
  /** Every request, as "METHOD /path?query". */
  requests: string[];
  close(): Promise<void>;
}

class RestError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Starts the registry on a free loopback port; with `auth`, every request must carry it. */
export async function startRegistryServer(auth?: { username: string; password: string }): Promise<RegistryServer> {
  const schemas: Stored[] = [];
  const subjects = new Map<string, number[]>(); // subject → schema ids, one per version
  const requests: string[] = [];
  const expected = auth && `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;

  const findOrAdd = (schemaType: string, schema: string): Stored => {
    const known = schemas.find((s) => s.schemaType === schemaType && s.schema === schema);
    if (known) return known;
    const stored = { id: schemas.length + 1, schemaType, schema };
    schemas.push(stored);
    return stored;
  };
  const answerOf = (subject: string, stored: Stored, format: string | null) => ({
    subject,
    id: stored.id,
    version: (subjects.get(subject) ?? []).indexOf(stored.id) + 1,
    schema: render(stored, format),
    ...(stored.schemaType === "AVRO" ? {} : { schemaType: stored.schemaType }),
  });

  const route = (method: string, path: string[], query: URLSearchParams, body: unknown): unknown => {
    const [root, name, sub, version] = path;
    if (root === "schemas" && name === "ids" && sub !== undefined && method === "GET") {
      const stored = schemas[Number(sub) - 1];
      if (!stored) throw new RestError(404, 40403, "Schema not found");
      const { schemaType } = stored;
      return { schema: render(stored, query.get("format")), ...(schemaType === "AVRO" ? {} : { schemaType }) };
    }
    if (root === "config" && method === "GET") return { compatibilityLevel: "BACKWARD" };
    if (root !== "subjects" || name === undefined) throw new RestError(404, 404, "HTTP 404 Not Found");
    const versions = subjects.get(name);
    if (sub === undefined && method === "GET") throw new RestError(404, 404, "HTTP 404 Not Found");
    if (sub === undefined && method === "POST") {
      const { schemaType, schema } = checkSchema(body);
      const stored = schemas.find((s) => s.schemaType === schemaType && s.schema === schema);
      if (!versions) throw new RestError(404, 40401, `Subject '${name}' not found.`);
      if (!stored || !versions.includes(stored.id)) throw new RestError(404, 40403, "Schema not found");
      return answerOf(name, stored, null);
    }
    if (sub === "versions" && version === undefined && method === "POST") {
      const { schemaType, schema } = checkSchema(body);
      const latest = versions?.at(-1);
      if (latest !== undefined) checkBackward(schemas[latest - 1] as Stored, schemaType, schema);
      const stored = findOrAdd(schemaType, schema);
      const list = versions ?? [];
      if (!list.includes(stored.id)) list.push(stored.id);
      subjects.set(name, list);
      return answerOf(name, stored, null);
    }
    if (sub === "versions" && method === "GET") {
      if (!versions) throw new RestError(404, 40401, `Subject '${name}' not found.`);
      if (version === undefined) return versions.map((_, i) => i + 1);
      const id = version === "latest" ? versions.at(-1) : versions[Number(version) - 1];
      if (id === undefined) throw new RestError(404, 40402, "Version not found.");
      return answerOf(name, schemas[id - 1] as Stored, query.get("format"));
    }
    throw new RestError(405, 405, "HTTP 405 Method Not Allowed");
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://registry");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/vnd.schemaregistry.v1+json" });
      res.end(JSON.stringify(body));
    };
    try {
      if (expected && req.headers.authorization !== expected) throw new RestError(401, 40101, "Unauthorized");
      const text = await readAll(req);
      const path = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      send(200, route(req.method ?? "GET", path, url.searchParams, text === "" ? undefined : JSON.parse(text)));
    } catch (error) {
      if (error instanceof RestError) send(error.status, { error_code: error.errorCode, message: error.message });
      else send(500, { error_code: 50001, message: String(error) });
    }
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

function checkSchema(body: unknown): { schemaType: string; schema: string } {
  const { schemaType = "AVRO", schema } = (body ?? {}) as { schemaType?: string; schema?: unknown };
  if (typeof schema !== "string") throw new RestError(422, 42201, "Invalid schema: no schema");
  try {
    if (schemaType === "AVRO") avro.Type.forSchema(JSON.parse(schema) as avro.Schema, { registry: {} });
    else if (schemaType === "JSON") JSON.parse(schema);
    else if (schemaType !== "PROTOBUF") throw new Error(`unknown schemaType ${schemaType}`);
  } catch (error) {
    throw new RestError(422, 42201, `Invalid schema: ${String(error)}`);
  }
  return { schemaType, schema };
}

// BACKWARD, the registry's default: the new schema must read what the latest one wrote (Avro).
function checkBackward(latest: Stored, schemaType: string, schema: string): void {
  if (schemaType !== "AVRO" || latest.schemaType !== "AVRO" || latest.schema === schema) return;
  const reader = avro.Type.forSchema(JSON.parse(schema) as avro.Schema, { registry: {} });
  const writer = avro.Type.forSchema(JSON.parse(latest.schema) as avro.Schema, { registry: {} });
  try {
    reader.createResolver(writer);
  } catch (error) {
    throw new RestError(409, 409, `Schema being registered is incompatible with an earlier schema: ${String(error)}`);
  }
}

// `?format=serialized` asks for a Protobuf schema as a base64 FileDescriptorProto. A schema
// registered in that form is kept as it came (a real registry would also print it as .proto
// text by default; eventwire reads both forms, see the README).
function render(stored: Stored, format: string | null): string {
  if (stored.schemaType !== "PROTOBUF" || format !== "serialized" || isBase64(stored.schema)) return stored.schema;
  return descriptorOf(stored.schema, `schema_${stored.id}.proto`);
}

function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/=\s]+$/.test(text);
}

/** The `.proto` source compiled by protoc, as base64 of its FileDescriptorProto. */
function descriptorOf(source: string, fileName: string): string {
  const dir = mkdtempSync(join(tmpdir(), "registry-"));
  try {
    writeFileSync(join(dir, fileName), source);
    execFileSync("protoc", [`--proto_path=${dir}`, `--descriptor_set_out=${join(dir, "out.pb")}`, fileName]);
    const set = fromBinary(FileDescriptorSetSchema, readFileSync(join(dir, "out.pb")));
    const file = set.file[0];
    if (!file) throw new Error("protoc wrote no file");
    return Buffer.from(toBinary(FileDescriptorProtoSchema, file)).toString("base64");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1024 * 1024) throw new RestError(413, 413, "Request too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
