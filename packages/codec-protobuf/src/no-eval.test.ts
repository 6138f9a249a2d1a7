import { exampleEnvelopes, loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";
import { describe, expect, it } from "vitest";
import { createProtobufCodec } from "./index.js";

/** Runs `run` while counting every call of `Function`, which a strict Content-Security-Policy reports. */
function countingFunctionCalls(run: () => void): number {
  const original = globalThis.Function;
  let calls = 0;
  const count = (target: FunctionConstructor, args: string[]) => {
    calls++;
    return Reflect.construct(target, args);
  };
  globalThis.Function = new Proxy(original, { apply: (t, _, a) => count(t, a), construct: (t, a) => count(t, a) });
  try {
    run();
  } finally {
    globalThis.Function = original;
  }
  return calls;
}

describe("codeGeneration: false", () => {
  it("never calls new Function, also at the first encode and decode of nested messages", () => {
    const codec = createProtobufCodec({
      proto: Object.values(loadProtoSources()),
      types: PROTO_MESSAGES,
      codeGeneration: false,
    });
    const calls = countingFunctionCalls(() => {
      for (const envelope of Object.values(exampleEnvelopes())) {
        expect(codec.decode(codec.encode(envelope)).data).toEqual(envelope.data);
      }
    });
    expect(calls).toBe(0);
  });
});
