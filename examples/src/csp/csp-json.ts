// The JSON page: validators precompiled by `eventwire generate --validators`, and no ajv compiler.
import { createJsonCodec } from "@eventwire/codec-json";
import { runCspPage } from "./csp-page.js";
import { validators } from "./example-events.gen.js";

runCspPage("json", () => createJsonCodec({ validators, codeGeneration: false }));
