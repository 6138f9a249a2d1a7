"""Apache Avro (Debian's python3-avro) writes envelopes in Avro single-object encoding.

stdin: {"schema": <writer schema>, "records": [<envelope, timestamp as micros>...]}
stdout: one line of hex per record: C3 01, the CRC-64-AVRO fingerprint of the schema's Parsing
Canonical Form (little-endian), then the body that avro.io.DatumWriter writes.
"""
import datetime
import io
import json
import re
import sys

import avro.io
import avro.schema

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


def main():
    request = json.load(sys.stdin)
    schema = avro.schema.parse(json.dumps(request["schema"]))
    header = b"\xc3\x01" + crc64_avro(canonical_form(schema).encode("utf-8")).to_bytes(8, "little")
    writer = avro.io.DatumWriter(schema)
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    for record in request["records"]:
        # python3-avro takes a timestamp-micros value as a datetime, which holds microseconds exactly.
        record["timestamp"] = epoch + datetime.timedelta(microseconds=record["timestamp"])
        out = io.BytesIO()
        writer.write(record, avro.io.BinaryEncoder(out))
        print((header + out.getvalue()).hex())


main()
