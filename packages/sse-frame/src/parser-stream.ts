import { createSseParser } from "./parse.js";
import type { SseMessage, SseParserOptions } from "./types.js";

// Apart from decodeEnvelopes so that a bundle of decodeEnvelopes leaves this class out: a class
// that extends a global is kept by bundlers even when unused, unless its module is.
/**
 * A Web Streams transform from bytes (or text) to SSE messages, for `response.body.pipeThrough`.
 *
 * @example
 * ```ts
 * for await (const message of response.body.pipeThrough(new SseParserStream())) console.log(message.data);
 * ```
 */
export class SseParserStream extends TransformStream<Uint8Array | string, SseMessage> {
  constructor(
    options: Partial<SseParserOptions> & { onRetry?(ms: number): void; onComment?(text: string): void } = {},
  ) {
    let parser: ReturnType<typeof createSseParser> | undefined;
    super({
      start(controller) {
        parser = createSseParser(
          {
            onMessage: (message) => controller.enqueue(message),
            ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
            ...(options.onComment === undefined ? {} : { onComment: options.onComment }),
          },
          options,
        );
      },
      transform(chunk) {
        parser?.feed(chunk);
      },
      flush() {
        parser?.end();
      },
    });
  }
}
