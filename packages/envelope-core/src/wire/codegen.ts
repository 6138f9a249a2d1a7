/**
 * Specialized code for each message type, made once when a codec is made. A shared closure
 * (one function literal serving every message type) sees every type's objects at its property
 * reads and writes, and V8's inline caches go megamorphic; a function made for one type reads
 * and writes its fields by fixed names and stays monomorphic. Where `new Function` is not
 * allowed (a strict Content-Security-Policy), the shared closures are used instead.
 */
let allowed: boolean | undefined;
let turnedOff = 0;

/**
 * Runs `build` (a codec's compilation, which is synchronous) with code generation on or off:
 * off, {@link specialize} never calls `new Function` and the shared closures are used, as under a
 * Content-Security-Policy without `'unsafe-eval'` (where even a refused attempt is reported).
 */
export function compileWith<T>(codeGeneration: boolean, build: () => T): T {
  if (codeGeneration) return build();
  turnedOff++;
  try {
    return build();
  } finally {
    turnedOff--;
  }
}

/**
 * Compiles `body` with `names` as parameters bound to `values`, or returns undefined when code
 * generation is off ({@link compileWith}) or eval is not allowed.
 */
export function specialize<T>(names: readonly string[], values: readonly unknown[], body: string): T | undefined {
  if (allowed === false || turnedOff > 0) return undefined;
  try {
    const factory = new Function(...names, body) as (...args: unknown[]) => T;
    allowed = true;
    return factory(...values);
  } catch (error) {
    if (error instanceof EvalError) {
      allowed = false;
      return undefined;
    }
    throw error;
  }
}

/** A property access for `name` in generated code: `.name` when that is safe, else `[\"name\"]`. */
export function property(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && name !== "__proto__" ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** An object-literal key for `name`; computed, so that `__proto__` makes an own property. */
export function literalKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && name !== "__proto__" ? name : `[${JSON.stringify(name)}]`;
}

/**
 * A statement storing `value` as the own property `name` of `target` in generated code; for
 * `__proto__`, a call to `setOwn` (which the generated code must have in scope), since an
 * assignment would set the prototype.
 */
export function store(target: string, name: string, value: string): string {
  return name === "__proto__" ? `setOwn(${target}, "__proto__", ${value});` : `${target}${property(name)} = ${value};`;
}

/**
 * An expression reading the own property `name` of `target` in generated code, `undefined` when
 * it has none. A name that `Object.prototype` also has (`constructor`, `toString`, `__proto__`)
 * is read through `Object.hasOwn`, so that an absent field is absent, not inherited; any other
 * name is a plain read (the object is checked to be plain first), which is what keeps it fast.
 */
export function ownProperty(target: string, name: string): string {
  return name in Object.prototype
    ? `(Object.hasOwn(${target}, ${JSON.stringify(name)}) ? ${target}[${JSON.stringify(name)}] : undefined)`
    : `${target}${property(name)}`;
}

/** The own property `key` of `target`, or `undefined`: the closures' twin of {@link ownProperty}. */
export function getOwn(target: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(target, key) ? target[key] : undefined;
}
