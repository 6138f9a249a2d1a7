import { type EnvelopeError, isEnvelopeError } from "@eventwire/envelope-core";

/**
 * Runs `run` and returns the `EnvelopeError` it throws. Throws if it returns normally or throws
 * anything else, so that a test of bad input fails loudly on both.
 */
export function captureEnvelopeError(run: () => unknown): EnvelopeError {
  try {
    run();
  } catch (error) {
    if (isEnvelopeError(error)) return error;
    throw new Error(`threw a non-EnvelopeError: ${String(error)}`, { cause: error });
  }
  throw new Error("did not throw");
}
