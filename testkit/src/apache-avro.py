"""Apache Avro (Debian's python3-avro) as the reference for the eventwire Avro codec.

Reads one JSON request on stdin and answers on stdout:
  {"decode": [{"schema": <writer schema>, "body": <base64>}...],
   "encode": [{"schema": <writer schema>, "record": <envelope, timestamp as a string of micros>}...],
   "canonical": [<schema>...],
   "encodeData": [{"schema": <data record schema>, "datum": <data>}...],
   "singleObject": [{"schema": <writer schema>, "record": <as for encode>}...],
   "resolve": [{"writer": <schema>, "reader": <schema>, "body": <base64>}...],
   "fingerprint": [<schema>...]}
resolve answers, per case, {"value": <DatumReader(writer, reader)'s value>} or {"error": <why>}:
bytes as {"$bytes": <hex>}, nulls kept (the caller knows which are optional fields).
fingerprint answers, per schema, {"canonical": <Apache Avro's canonical_form, as it is>,
"fingerprint": <CRC-64-AVRO of it as 16 hex digits, little-endian>} or {"error": <why>}.
singleObject answers C3 01, the CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form
(little-endian, computed here, not by eventwire), then the body, all in base64.
Decoded records come back with the timestamp as a string (JSON numbers lose precision past 2^53)
and without the record fields whose optional value is null.
"""
import base64
import datetime
import io
import json
import re
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


EMPTY = 0xC15D213AA4D7A795


def fingerprint_table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (EMPTY & -(fp & 1))
        table.append(fp)
    return table


TABLE = fingerprint_table()


def crc64_avro(data):
    fp = EMPTY
    for byte in data:
        fp = (fp >> 8) ^ TABLE[(fp ^ byte) & 0xFF]
    return fp


def canonical_form(schema):
    # python3-avro 1.11.1 leaves a logical type's primitive as {"type":"long"}; the specification's
    # [PRIMITIVES] rule makes it "long", as Java and avsc do.
    return re.sub(r'\{"type":"(null|boolean|int|long|float|double|bytes|string)"\}', r'"\1"', schema.canonical_form)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def single_object(case):
    schema = parse(case["schema"])
    record = dict(case["record"])
    # Where the schema says timestamp-micros, python3-avro takes a datetime (exact to the microsecond).
    record["timestamp"] = EPOCH + datetime.timedelta(microseconds=int(record["timestamp"]))
    out = io.BytesIO()
    avro.io.DatumWriter(schema).write(record, avro.io.BinaryEncoder(out))
    fingerprint = crc64_avro(canonical_form(schema).encode("utf-8")).to_bytes(8, "little")
    return base64.b64encode(b"\xc3\x01" + fingerprint + out.getvalue()).decode("ascii")


def tagged(value):
    # JSON has no bytes: tag them, so that a string and bytes never compare equal by accident.
    if isinstance(value, bytes):
        return {"$bytes": value.hex()}
    if isinstance(value, dict):
        return {k: tagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tagged(v) for v in value]
    return value


def resolve(case):
    # Each case answers on its own: one refusal must not hide the others' answers.
    try:
        writer = parse(case["writer"])
        reader = parse(case["reader"])
        body = base64.b64decode(case["body"])
        stream = io.BytesIO(body)
        value = avro.io.DatumReader(writer, reader).read(avro.io.BinaryDecoder(stream))
        if stream.tell() != len(body):
            return {"error": f"{len(body) - stream.tell()} bytes left unread"}
        return {"value": tagged(value)}
    except Exception as error:  # every refusal is an answer here, whatever its class
        return {"error": f"{type(error).__name__}: {error}"}


def fingerprint(schema):
    try:
        canonical = parse(schema).canonical_form
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"}
    return {"canonical": canonical, "fingerprint": crc64_avro(canonical.encode("utf-8")).to_bytes(8, "little").hex()}


request = json.load(sys.stdin)
json.dump(
    {
        "decode": [decode(c) for c in request.get("decode", [])],
        "encode": [encode(c) for c in request.get("encode", [])],
        "canonical": [parse(s).canonical_form for s in request.get("canonical", [])],
        "encodeData": [encode_datum(c) for c in request.get("encodeData", [])],
        "singleObject": [single_object(c) for c in request.get("singleObject", [])],
        "resolve": [resolve(c) for c in request.get("resolve", [])],
        "fingerprint": [fingerprint(s) for s in request.get("fingerprint", [])],
    },
    sys.stdout,
)
