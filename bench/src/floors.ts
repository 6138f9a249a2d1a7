// The floors of issue 11: each a ratio of two cases' throughput in one run, for every example
// type. A row without a floor is reported for the record (a peer someone may pick) and judged
// against nothing.
import { type Measured, ratioOf } from "./measure.js";

export interface FloorRow {
  readonly id: string;
  /** Markdown, as the README shows it. */
  readonly label: string;
  /** Plain text, short enough for the chart. */
  readonly short: string;
  readonly group: string;
  /** The case label (last part of the case name) of eventwire's side and of the peer. */
  readonly ours: string;
  readonly peer: string;
  readonly floor?: number;
  readonly goal?: number;
  /** Only for types whose mean JSON data size (bytes) this accepts; all types if absent. */
  readonly appliesTo?: (dataBytes: number) => boolean;
}

export interface FloorResult {
  readonly id: string;
  readonly type: string;
  readonly ratio: number;
  readonly floor: number | undefined;
  readonly goal: number | undefined;
  readonly met: boolean | undefined;
}

/** Where "small events" end for the CloudEvents floor: data of 1 KB or more is not small. */
const SMALL_DATA_BYTES = 1024;

export const FLOORS: readonly FloorRow[] = [
  row(
    "parse",
    "SSE parse, bytes in, vs streaming `TextDecoder` + eventsource-parser",
    "SSE parse, bytes in, vs TextDecoder stream + eventsource-parser",
    "sse-frame bytes",
    "TextDecoder stream + eventsource-parser (peer)",
    1.2,
    2,
  ),
  row(
    "parse",
    "SSE parse, text in, vs eventsource-parser on the same text",
    "SSE parse, text in, vs eventsource-parser",
    "sse-frame text",
    "eventsource-parser text (peer)",
  ),
  row(
    "frame",
    "`frameEnvelope` (JSON) vs a template string",
    "frameEnvelope (JSON) vs a template string",
    "json",
    "template string (raw)",
    0.9,
    1.0,
  ),
  row(
    "encode",
    "JSON encode (validated) vs ajv `validate` + `JSON.stringify`",
    "JSON encode vs ajv validate + JSON.stringify",
    "json",
    "ajv validate + JSON.stringify (peer)",
    1.2,
    2,
  ),
  row(
    "encode",
    "JSON encode (validated) vs unvalidated `Buffer.from(JSON.stringify(e))`",
    "JSON encode vs Buffer.from(JSON.stringify(e))",
    "json",
    "JSON.stringify (raw)",
    1.0,
    1.5,
  ),
  row(
    "encode",
    "JSON encode (validated) vs ajv `validate` + fast-json-stringify",
    "JSON encode vs ajv validate + fast-json-stringify",
    "json",
    "ajv validate + fast-json-stringify (peer)",
  ),
  row(
    "decode",
    "JSON decode (validated) vs `JSON.parse` + ajv `validate`",
    "JSON decode vs JSON.parse + ajv validate",
    "json",
    "JSON.parse + ajv validate (peer)",
    1.0,
    1.2,
  ),
  row("encode", "Avro encode vs raw avsc `toBuffer`", "Avro encode vs avsc toBuffer", "avro", "avsc (raw)", 1.0, 1.3),
  row(
    "decode",
    "Avro decode vs raw avsc `fromBuffer`",
    "Avro decode vs avsc fromBuffer",
    "avro",
    "avsc (raw)",
    1.0,
    1.3,
  ),
  row(
    "encode",
    "Protobuf encode vs raw protobufjs `encode`",
    "Protobuf encode vs protobufjs encode",
    "protobuf",
    "protobufjs (raw)",
    1.0,
    1.3,
  ),
  row(
    "decode",
    "Protobuf decode vs raw protobufjs `decode` + `toObject`",
    "Protobuf decode vs protobufjs decode + toObject",
    "protobuf",
    "protobufjs (raw)",
    1.0,
    1.3,
  ),
  row(
    "encode",
    "Protobuf encode vs protobuf-es `toBinary`",
    "Protobuf encode vs protobuf-es toBinary",
    "protobuf",
    "protobuf-es (peer)",
    2,
    3,
  ),
  row(
    "decode",
    "Protobuf decode vs protobuf-es `fromBinary`",
    "Protobuf decode vs protobuf-es fromBinary",
    "protobuf",
    "protobuf-es (peer)",
    2,
    3,
  ),
  {
    ...row(
      "create+encode",
      "`createEnvelope` + JSON encode vs CloudEvents SDK, small events (data under 1 KB)",
      "create + JSON encode vs CloudEvents, data < 1 KB",
      "json",
      "CloudEvents SDK (raw)",
      3,
      5,
    ),
    id: "cloudevents-small",
    appliesTo: (bytes) => bytes < SMALL_DATA_BYTES,
  },
  {
    ...row(
      "create+encode",
      "`createEnvelope` + JSON encode vs CloudEvents SDK, 1 KB data or more",
      "create + JSON encode vs CloudEvents, data ≥ 1 KB",
      "json",
      "CloudEvents SDK (raw)",
      1.5,
      2,
    ),
    id: "cloudevents-large",
    appliesTo: (bytes) => bytes >= SMALL_DATA_BYTES,
  },
];

function row(
  group: string,
  label: string,
  short: string,
  ours: string,
  peer: string,
  floor?: number,
  goal?: number,
): FloorRow {
  const id = `${group}:${ours}:${peer}`;
  return {
    id,
    label,
    short,
    group,
    ours,
    peer,
    ...(floor === undefined ? {} : { floor }),
    ...(goal === undefined ? {} : { goal }),
  };
}

/** Every floor on every type that was measured: ratio, floor, goal, met. */
export function evaluateFloors(
  results: readonly Measured[],
  dataBytes: Readonly<Record<string, number>>,
): FloorResult[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  const out: FloorResult[] = [];
  for (const f of FLOORS) {
    for (const [type, bytes] of Object.entries(dataBytes)) {
      if (f.appliesTo !== undefined && !f.appliesTo(bytes)) continue;
      const ours = byName.get(`${f.group}/${type}/${f.ours}`);
      const peer = byName.get(`${f.group}/${type}/${f.peer}`);
      if (ours === undefined || peer === undefined) continue;
      const ratio = ratioOf(ours, peer);
      out.push({
        id: f.id,
        type,
        ratio,
        floor: f.floor,
        goal: f.goal,
        met: f.floor === undefined ? undefined : ratio >= f.floor,
      });
    }
  }
  return out;
}

/** The case names a floor compares, so a filtered run keeps the peers it needs. */
export function peerCaseNames(caseName: string): string[] {
  const [group, type, label] = caseName.split("/");
  return FLOORS.filter((f) => f.group === group && f.ours === label).map((f) => `${group}/${type}/${f.peer}`);
}
