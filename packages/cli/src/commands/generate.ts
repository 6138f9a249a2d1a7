import { writeFileSync } from "node:fs";
import { parseCommandArgs } from "../args.js";
import { UsageError } from "../cli-error.js";
import { generateTypes } from "../generate-types.js";
import { readSchemaDir } from "../schema-dir.js";
import type { CommandContext } from "./context.js";

export const GENERATE_HELP = `Usage: eventwire generate [DIR] --out FILE.ts [--validators]

Writes the TypeScript type of every event type's data (from its JSON Schema in DIR/events,
default ./schemas) and the event map \`Events\`, for createJsonCodec<Events> and
EnvelopeOf<Events>.

Options:
  --out FILE.ts   where to write (required)
  --validators    also write ajv standalone validation code, exported as \`validators\`,
                  so that the JSON codec validates without eval (strict CSP)
  -h, --help      this text`;

/** `eventwire generate`. */
export async function runGenerate(args: readonly string[], context: CommandContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { out: { type: "string" }, validators: { type: "boolean" } });
  if (values.help) return context.out(`${GENERATE_HELP}\n`);
  if (values.out === undefined) throw new UsageError("--out FILE.ts is required");
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`);
  const schemas = readSchemaDir(positionals[0] ?? context.defaultSchemas);
  const source = generateTypes(schemas, { validators: values.validators === true });
  writeFileSync(values.out as string, source);
  const what = values.validators ? "types and validators" : "types";
  context.out(`wrote ${values.out}: ${what} of ${Object.keys(schemas.json).length} event types\n`);
}
