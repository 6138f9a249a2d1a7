import { createEnvelope, type EnvelopeOf, isEnvelopeError, normalizeTimestamp } from "@eventwire/envelope-core";

interface Events {
  user_login: { user_id: string; ip: string };
}
const login = createEnvelope({ event_type: "user_login", source: "auth", data: { user_id: "u1", ip: "::1" } });
const handle = (e: EnvelopeOf<Events>) => e.data.ip; // data typed by event_type
console.log(handle(login), normalizeTimestamp("2023-09-15t14:34:56.120000+02:00")); // ::1 2023-09-15T12:34:56.120Z
try {
  normalizeTimestamp("2023-02-30T00:00:00Z");
} catch (e) {
  console.log(isEnvelopeError(e) && e.code);
} // INVALID_ENVELOPE
