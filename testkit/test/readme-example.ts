import { exampleEnvelopes } from "@eventwire/schemas";
import { captureEnvelopeError, createExampleCodecs } from "@eventwire/testkit";

// The three codecs over one example type; each round-trips it, and bad bytes are an EnvelopeError.
const codecs = createExampleCodecs({ types: ["user_login"] });
const login = exampleEnvelopes().user_login;
for (const codec of Object.values(codecs)) {
  console.log(codec.name, codec.decode(codec.encode(login)).event_id === login.event_id);
}
console.log(captureEnvelopeError(() => codecs.json.decode(Uint8Array.of(0x7b))).code);
