"""Apache Avro (Debian's python3-avro) as the reference for the eventwire Avro codec.

Reads one JSON request on stdin and answers on stdout:
  {"decode": [{"schema": <writer schema>, "body": <base64>}...],
   "encode": [{"schema": <writer schema>, "record": <envelope, timestamp as a string of micros>}...],
   "canonical": [<schema>...],
   "encodeData": [{"schema": <data record schema>, "datum": <data>}...]}
Decoded records come back with the timestamp as a string (JSON numbers lose precision past 2^53)
and without the record fields whose optional value is null.
"""
import base64
import io
import json
import sys

import avro.io
import avro.schema


def parse(schema):
    return avro.schema.parse(json.dumps(schema))


def strip_nulls(value):
    if isinstance(value, dict):
        return {k: strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_nulls(v) for v in value]
    return value


def decode(case):
    schema = parse(case["schema"])
    body = base64.b64decode(case["body"])
    stream = io.BytesIO(body)
    record = avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(stream))
    if stream.tell() != len(body):
        raise ValueError("trailing bytes")
    record["timestamp"] = str(record["timestamp"])
    return strip_nulls(record)


def encode(case):
    schema = parse(case["schema"])
    record = dict(case["record"])
    record["timestamp"] = int(record["timestamp"])
    out = io.BytesIO()
    avro.io.DatumWriter(schema).write(record, avro.io.BinaryEncoder(out))
    return base64.b64encode(out.getvalue()).decode("ascii")


def encode_datum(case):
    out = io.BytesIO()
    avro.io.DatumWriter(parse(case["schema"])).write(case["datum"], avro.io.BinaryEncoder(out))
    return base64.b64encode(out.getvalue()).decode("ascii")


request = json.load(sys.stdin)
json.dump(
    {
        "decode": [decode(c) for c in request.get("decode", [])],
        "encode": [encode(c) for c in request.get("encode", [])],
        "canonical": [parse(s).canonical_form for s in request.get("canonical", [])],
        "encodeData": [encode_datum(c) for c in request.get("encodeData", [])],
    },
    sys.stdout,
)
