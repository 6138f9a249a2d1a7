import { loadJsonSchemas, loadVectors } from "@eventwire/schemas";
import { vectorChecks } from "@eventwire/testkit";
import { describe, it } from "vitest";
import { createJsonCodec } from "../src/index.js";

// schemas/vectors: envelopes with the exact bytes the reference tools make, and bad inputs.
describe("schemas/vectors", () => {
  for (const check of vectorChecks(createJsonCodec({ types: loadJsonSchemas() }), loadVectors()))
    it(check.name, check.run);
});
