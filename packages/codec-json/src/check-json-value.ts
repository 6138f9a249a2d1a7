import { EnvelopeError } from "@eventwire/envelope-core";
import { appendPointer, isPlainObject } from "@eventwire/envelope-core/wire";

/**
 * Checks that `value` is plain JSON data (objects, arrays, strings, finite numbers, booleans,
 * null) no deeper than `maxDepth`, that `JSON.stringify` writes as it is: no `toJSON` anywhere
 * (it would write what toJSON returns), no field that is not enumerable
 * (it would be dropped), no hole or `undefined` in an array (it would become null). Used for
 * `data` of event types that no schema describes, and before writing data that ajv accepted
 * but the fast check did not (ajv sees what JSON.stringify does not). `unsetAllowed`: a field
 * whose value is `undefined` is taken as not set, as a schema's optional field is.
 * Throws `INVALID_DATA`, or `LIMIT_EXCEEDED` when nested too deep (a cycle, too).
 */
export function checkJsonValue(
  value: unknown,
  maxDepth: number,
  path: string,
  eventType: string,
  unsetAllowed = false,
): void {
  // The keys down to the node being checked: its JSON pointer is built only for an error, since
  // building one per node cost more than the rest of the walk (log_batch: half of an encode).
  const trail: (string | number)[] = [];
  const at = () => trail.reduce<string>(appendPointer, path);
  const fail = (why: string): never => {
    throw new EnvelopeError("INVALID_DATA", why, { path: at(), eventType });
  };
  const walk = (node: unknown, depth: number): void => {
    switch (typeof node) {
      case "string":
      case "boolean":
        return;
      case "number":
        if (!Number.isFinite(node)) fail(`${node} is not a finite number`);
        return;
      case "object": {
        if (node === null) return;
        if (depth >= maxDepth) {
          throw new EnvelopeError("LIMIT_EXCEEDED", `data is nested deeper than maxDepth ${maxDepth}`, {
            path: at(),
            eventType,
          });
        }
        const keys = Array.isArray(node) ? undefined : Object.keys(node);
        // JSON.stringify writes what a toJSON returns (a class's, a Date's), an array by its
        // indices, and drops a field that is not enumerable (ajv sees it).
        if (
          (node as { toJSON?: unknown }).toJSON !== undefined ||
          (keys !== undefined && (!isPlainObject(node) || Object.getOwnPropertyNames(node).length !== keys.length))
        )
          fail("is not plain JSON");
        const length = keys === undefined ? (node as unknown[]).length : keys.length;
        for (let i = 0; i < length; i++) {
          const key = keys === undefined ? i : (keys[i] as string);
          const item = (node as Record<string | number, unknown>)[key];
          if (item === undefined && unsetAllowed && keys !== undefined) continue;
          trail.push(key);
          walk(item, depth + 1);
          trail.pop();
        }
        return;
      }
      default:
        fail(`a ${typeof node} is not JSON data`);
    }
  };
  walk(value, 0);
}
