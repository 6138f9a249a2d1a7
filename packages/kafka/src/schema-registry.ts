import { EnvelopeError } from "@eventwire/envelope-core";

/** The schema languages of the Confluent Schema Registry. */
export type SchemaType = "AVRO" | "PROTOBUF" | "JSON";

/** A schema as a registry holds it: its language and its text. */
export interface RegistrySchema {
  readonly schemaType: SchemaType;
  /** Avro or JSON Schema as JSON text; Protobuf as `.proto` source (or a base64 `FileDescriptorProto`). */
  readonly schema: string;
}

/**
 * Where schemas get their ids: {@link memoryRegistry} for tests and single processes,
 * {@link httpRegistry} for a Confluent Schema Registry (or a compatible one).
 */
export interface SchemaRegistry {
  /**
   * Registers `schema` under `subject`, or finds it there already, and returns its id. The same
   * schema under the same subject always gets the same id.
   */
  register(subject: string, schema: RegistrySchema): Promise<number>;
  /** The schema with this id; an unknown id is an `UNKNOWN_SCHEMA` {@link EnvelopeError}. */
  getSchema(id: number): Promise<RegistrySchema>;
}

/**
 * A registry in this process's memory: ids from 1 up, one id per distinct schema (as the
 * Confluent registry gives one id to a schema registered under several subjects), each subject a
 * list of versions. Nothing is checked for compatibility.
 *
 * @example
 * ```ts
 * const registry = memoryRegistry();
 * const id = await registry.register("orders-value", { schemaType: "AVRO", schema: avsc });
 * await registry.getSchema(id); // { schemaType: "AVRO", schema: avsc }
 * ```
 */
export function memoryRegistry(): SchemaRegistry {
  const byId = new Map<number, RegistrySchema>();
  const idOf = new Map<string, number>();
  const subjects = new Map<string, number[]>();
  return {
    register(subject, schema) {
      const key = `${schema.schemaType}\n${schema.schema}`;
      let id = idOf.get(key);
      if (id === undefined) {
        id = byId.size + 1;
        idOf.set(key, id);
        byId.set(id, { schemaType: schema.schemaType, schema: schema.schema });
      }
      const versions = subjects.get(subject) ?? [];
      if (!versions.includes(id)) versions.push(id);
      subjects.set(subject, versions);
      return Promise.resolve(id);
    },
    getSchema(id) {
      const schema = byId.get(id);
      if (schema === undefined) return Promise.reject(unknownSchemaId(id));
      return Promise.resolve(schema);
    },
  };
}

/** The error for a schema id that the registry does not hold. */
export function unknownSchemaId(id: number, cause?: unknown): EnvelopeError {
  return new EnvelopeError("UNKNOWN_SCHEMA", `the registry holds no schema with id ${id}`, {
    path: "/data",
    cause,
  });
}
