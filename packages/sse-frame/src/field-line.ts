import type { EventBuilder } from "./event-builder.js";

const COLON = 0x3a;
const SPACE = 0x20;

/** Where the value starts after the colon at `colon`: one optional space is skipped. */
export function findValueStart(text: string, colon: number): number {
  return text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
}

/** `data:` at `pos`. */
export const isDataLine = (text: string, pos: number): boolean => text.startsWith("data:", pos);

/** `id:` at `pos`. */
export const isIdLine = (text: string, pos: number): boolean => text.startsWith("id:", pos);

/** `event:` at `pos`. */
export const isEventLine = (text: string, pos: number): boolean => text.startsWith("event:", pos);

/**
 * Applies any non-empty line `text[start, end)` to the event: a comment, or a field whose name
 * ends at the first colon (a line without a colon is a field with an empty value). Unknown
 * fields are ignored.
 */
export function applyLine(event: EventBuilder, text: string, start: number, end: number): void {
  if (text.charCodeAt(start) === COLON) {
    const onComment = event.handlers.onComment;
    if (onComment !== undefined) onComment(text.slice(findValueStart(text, start), end));
    return;
  }
  let colon = start;
  while (colon < end && text.charCodeAt(colon) !== COLON) colon++;
  if (colon - start > 5) return; // no field name is longer than "event" and "retry"
  const value = colon === end ? "" : text.slice(findValueStart(text, colon), end);
  switch (text.slice(start, colon)) {
    case "data":
      event.addData(value);
      return;
    case "event":
      event.type = value;
      return;
    case "id":
      event.setId(value);
      return;
    case "retry":
      event.setRetry(value);
  }
}
