import type { EventBuilder } from "./event-builder.js";
import type { EventLimit } from "./event-limit.js";
import { applyLine, findValueStart, isDataLine, isEventLine, isIdLine } from "./field-line.js";
import { utf8Length } from "./utf8.js";

const LF = 0x0a;

/**
 * The hot path: text with LF line ends only (what servers send), ending with a line end, that
 * the caller has found to fit in the limit as a whole, so no line is counted. The usual lines
 * (`data:`, `id:`, `event:`) are recognised inline. Returns where the text after the last blank
 * line starts, or -1 when no event ended in it.
 */
export function splitLfLines(text: string, event: EventBuilder): number {
  let pos = 0;
  let afterBlank = -1;
  for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", pos)) {
    if (end === pos) {
      event.dispatch();
      afterBlank = end + 1;
    } else if (isDataLine(text, pos)) {
      event.addData(text.slice(findValueStart(text, pos + 4), end));
    } else if (isIdLine(text, pos)) {
      event.setId(text.slice(findValueStart(text, pos + 2), end));
    } else if (isEventLine(text, pos)) {
      event.type = text.slice(findValueStart(text, pos + 5), end);
    } else {
      applyLine(event, text, pos, end);
    }
    pos = end + 1;
  }
  return afterBlank;
}

/**
 * Any line ends (CR, LF, CRLF) and each line counted against the limit: for text with a CR, or
 * text that may hold an event over the limit. `ascii` says the text has one byte a character.
 */
export function splitCountedLines(text: string, event: EventBuilder, limit: EventLimit, ascii: boolean): void {
  let pos = 0;
  let nextLF = text.indexOf("\n");
  let nextCR = text.indexOf("\r");
  while (pos < text.length) {
    const isCR = nextCR >= 0 && (nextLF < 0 || nextCR < nextLF);
    const end = isCR ? nextCR : nextLF;
    if (end < 0) break;
    if (end === pos) {
      event.dispatch();
      limit.bytes = 0;
    } else {
      limit.addLine(ascii ? end - pos : utf8Length(text, pos, end));
      applyLine(event, text, pos, end);
    }
    pos = end + 1;
    if (isCR) {
      if (text.charCodeAt(pos) === LF) pos++;
      nextCR = text.indexOf("\r", pos);
    }
    if (nextLF >= 0 && nextLF < pos) nextLF = text.indexOf("\n", pos);
  }
}
