import { exampleEnvelopes } from "@eventwire/schemas";
import { describe, expect, it } from "vitest";
import {
  CHROMIUM_ARGS,
  captureEnvelopeError,
  chromiumLaunchOptions,
  createExampleCodecs,
  FORMATS,
} from "../src/index.js";

const examples = exampleEnvelopes();

describe("createExampleCodecs", () => {
  it("builds the three formats over every example type, each round-tripping every example", () => {
    const codecs = createExampleCodecs();
    expect(Object.keys(codecs)).toEqual([...FORMATS]);
    for (const codec of Object.values(codecs)) {
      for (const envelope of Object.values(examples)) expect(codec.decode(codec.encode(envelope))).toEqual(envelope);
    }
  });

  it("knows only the types asked for, and applies maxBytes", () => {
    const codecs = createExampleCodecs({ types: ["user_login"], maxBytes: 64 });
    for (const codec of Object.values(codecs)) {
      expect(captureEnvelopeError(() => codec.encode(examples.order_placed)).code).toBe("UNKNOWN_EVENT_TYPE");
      const bytes = createExampleCodecs()[codec.name as (typeof FORMATS)[number]].encode(examples.log_batch);
      expect(captureEnvelopeError(() => codec.decode(bytes)).code).toBe("LIMIT_EXCEEDED");
    }
  });
});

describe("chromiumLaunchOptions", () => {
  it("gives Debian's chromium, the shared flags, and the two switches only when asked", () => {
    expect(chromiumLaunchOptions()).toEqual({ executablePath: "/usr/bin/chromium", args: [...CHROMIUM_ARGS] });
    const both = chromiumLaunchOptions({ ignoreCertificateErrors: true, disableHttp2: true }).args;
    expect(both.slice(CHROMIUM_ARGS.length)).toEqual(["--ignore-certificate-errors", "--disable-http2"]);
  });
});
