// Stands in for the `long` package in the CSP bundles. protobufjs loads long.js when it can, and
// long.js compiles a WebAssembly module as it loads, which `script-src 'self'` refuses (and
// reports) without 'wasm-unsafe-eval'. eventwire reads 64-bit integers itself and never uses a
// Long; protobufjs without long.js uses its own number-based LongBits.
export default null;
