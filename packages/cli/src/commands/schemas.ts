import { parseCommandArgs } from "../args.js";
import { checkSchemas } from "../check-schemas.js";
import { UsageError } from "../cli-error.js";
import { readSchemaDir } from "../schema-dir.js";
import type { CommandContext } from "./context.js";

export const SCHEMAS_HELP = `Usage: eventwire schemas check [DIR]

Checks a schema directory (default ./schemas): every event type in events/ has a JSON Schema,
an Avro schema and a Protobuf message (the type's name in PascalCase); the three agree on
fields, types, optionality and enum symbols (string, boolean, 32-bit int, double, enum,
array, record, optional field, map of string keys); and when an .avsc lists versions (newest
first), the newest reads every older one (Schema Registry's BACKWARD_TRANSITIVE).

Prints one line per difference (type, field, what differs) and exits 1 if there is any.

Options:
  -h, --help      this text`;

/** `eventwire schemas check`. */
export async function runSchemas(args: readonly string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {});
  if (values.help) {
    context.out(`${SCHEMAS_HELP}\n`);
    return 0;
  }
  const [action, dir, ...rest] = positionals;
  if (action !== "check")
    throw new UsageError(
      action === undefined ? "missing the action: check" : `unknown action ${JSON.stringify(action)}`,
    );
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  const schemas = readSchemaDir(dir ?? context.defaultSchemas);
  const findings = checkSchemas(schemas);
  for (const f of findings) context.out(`${f.eventType} ${f.field === "" ? "(type)" : f.field}: ${f.difference}\n`);
  const count = schemas.eventTypes.length;
  if (findings.length === 0) {
    context.out(`${count} event types in ${schemas.dir}: JSON Schema, Avro and Protobuf agree\n`);
    return 0;
  }
  context.err(
    `eventwire schemas check: ${findings.length} difference${findings.length === 1 ? "" : "s"} in ${count} event types\n`,
  );
  return 1;
}
