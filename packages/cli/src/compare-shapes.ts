import { appendPointer } from "@eventwire/envelope-core/wire";
import { describeShape, type FieldShape, type Shape } from "./shape.js";

/** One way two descriptions of a type differ. */
export interface ShapeDifference {
  /** JSON pointer of the field in the data, `""` for the record itself. */
  readonly field: string;
  /** What differs, in words: what each side says. */
  readonly difference: string;
}

/**
 * The differences between the shape the reference language gives a type and the shape another
 * language gives it. `a` and `b` name the two languages in the messages.
 */
export function compareShapes(reference: Shape, other: Shape, a: string, b: string): ShapeDifference[] {
  const found: ShapeDifference[] = [];
  walk(reference, other, "", { a, b, found });
  return found;
}

interface Walk {
  readonly a: string;
  readonly b: string;
  readonly found: ShapeDifference[];
}

function walk(x: Shape, y: Shape, at: string, w: Walk): void {
  for (const [shape, language] of [
    [x, w.a],
    [y, w.b],
  ] as const) {
    if (shape.kind === "unsupported") {
      w.found.push({ field: at, difference: `${language} has ${shape.what}, outside the shared set of types` });
      return;
    }
  }
  if (x.kind !== y.kind) {
    w.found.push({ field: at, difference: `type: ${w.a} ${describeShape(x)}, ${w.b} ${describeShape(y)}` });
    return;
  }
  if (x.kind === "enum" && y.kind === "enum") compareSymbols(x.symbols, y.symbols, at, w);
  if (x.kind === "array" && y.kind === "array") walk(x.items, y.items, appendPointer(at, "*"), w);
  if (x.kind === "map" && y.kind === "map") walk(x.values, y.values, appendPointer(at, "*"), w);
  if (x.kind === "record" && y.kind === "record") compareFields(x.fields, y.fields, at, w);
}

function compareSymbols(x: readonly string[], y: readonly string[], at: string, w: Walk): void {
  const onlyX = x.filter((s) => !y.includes(s));
  const onlyY = y.filter((s) => !x.includes(s));
  if (onlyX.length > 0) w.found.push({ field: at, difference: `enum symbols only in ${w.a}: ${onlyX.join(", ")}` });
  if (onlyY.length > 0) w.found.push({ field: at, difference: `enum symbols only in ${w.b}: ${onlyY.join(", ")}` });
}

function compareFields(x: readonly FieldShape[], y: readonly FieldShape[], at: string, w: Walk): void {
  const byName = new Map(y.map((field) => [field.name, field]));
  for (const field of x) {
    const path = appendPointer(at, field.name);
    const other = byName.get(field.name);
    if (other === undefined) {
      w.found.push({ field: path, difference: `field only in ${w.a}` });
      continue;
    }
    if (field.optional !== other.optional && !field.optionalityUnknown && !other.optionalityUnknown) {
      const say = (f: FieldShape) => (f.optional ? "optional" : "required");
      w.found.push({ field: path, difference: `optionality: ${w.a} ${say(field)}, ${w.b} ${say(other)}` });
    }
    walk(field.shape, other.shape, path, w);
  }
  const names = new Set(x.map((field) => field.name));
  for (const field of y) {
    if (!names.has(field.name))
      w.found.push({ field: appendPointer(at, field.name), difference: `field only in ${w.b}` });
  }
}
