const SAFE_BYTE = /^[A-Za-z0-9_-]$/;
const encoder = new TextEncoder();

/**
 * The one subject token that carries an event type: letters, digits, `_` and `-` as they
 * are, every other byte of its UTF-8 as `%XX`. One token whatever the type holds (`.`, `*`,
 * `>`, spaces), so a stream on `<subject>.*` holds every type and a type never reads as a
 * wildcard or as two tokens.
 */
export function encodeTypeToken(eventType: string): string {
  let token = "";
  for (const char of eventType) {
    if (SAFE_BYTE.test(char)) {
      token += char;
      continue;
    }
    for (const byte of encoder.encode(char)) token += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return token;
}

/** The subject an envelope of `eventType` is published on. */
export function subjectOfType(subject: string, eventType: string): string {
  return `${subject}.${encodeTypeToken(eventType)}`;
}
