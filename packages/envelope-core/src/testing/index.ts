export type {
  DataArbitraryOptions,
  EnvelopeArbitraryOptions,
  SharedSchema,
  TimestampVariant,
} from "./arbitraries.js";
export {
  canonicalTimestampArbitrary,
  dataArbitrary,
  envelopeArbitrary,
  epochPartsArbitrary,
  finiteDoubleArbitrary,
  mapKeyArbitrary,
  timestampVariantArbitrary,
  unicodeStringArbitrary,
} from "./arbitraries.js";
export type { CodecLaw, CodecLawOptions, Mutation } from "./laws.js";
export {
  codecLaws,
  concatBytes,
  decodesDataOrRefuses,
  decodesOrRefuses,
  mutate,
  mutationArbitrary,
} from "./laws.js";
export type { PrototypeNamesOptions } from "./prototype-names.js";
export { PROTOTYPE_NAMES, prototypeNamesSchema } from "./prototype-names.js";
