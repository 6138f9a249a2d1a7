import type { AvroType } from "./avro-type.js";
import type { Read } from "./read-avro.js";

/**
 * The record resolvers compiled for one writer and reader pair, so that recursive records refer to
 * themselves, and the plain readers of writer-only fields. Trying a union branch that fails takes
 * back what that try added, so that no resolver is left that refers to a failed one.
 */
export class ResolverCache {
  /** Readers of writer fields that the reader drops (still read, so still checked). */
  readonly readers = new Map<AvroType, Read>();
  readonly #resolvers = new Map<AvroType, Map<AvroType, Read>>();
  readonly #added: [AvroType, AvroType][] = [];

  get(writer: AvroType, reader: AvroType): Read | undefined {
    return this.#resolvers.get(writer)?.get(reader);
  }

  set(writer: AvroType, reader: AvroType, read: Read): void {
    let byReader = this.#resolvers.get(writer);
    if (byReader === undefined) {
      byReader = new Map();
      this.#resolvers.set(writer, byReader);
    }
    byReader.set(reader, read);
    this.#added.push([writer, reader]);
  }

  /** Runs `compile`; when it throws, records why in `problems`, undoes what it added and returns undefined. */
  attempt(compile: () => Read, problems: string[]): Read | undefined {
    const mark = this.#added.length;
    try {
      return compile();
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      problems.push(error.message);
      for (const [writer, reader] of this.#added.splice(mark)) this.#resolvers.get(writer)?.delete(reader);
      return undefined;
    }
  }
}
