export * from './change-set';
export { diffSchemas, type DiffSchemasOptions } from './diff-schemas';
export type { TypeEquals } from './definition-equality';
export { invertOperation, invertChangeSet, type InvertContext, type InvertedOperation, type InvertedChangeSet } from './invert-operation';
export {
  backfillCandidate,
  implicitBackfill,
  resolveBackfills,
  placeholderValue,
  describeBackfill,
  type BackfillCandidate,
  type BackfillResolver,
  type BackfillValue,
} from './backfill';
export { findDataLoss } from './data-loss';
export { describeDrift, type DriftDifference, type DriftSides } from './describe-drift';
export { typeConversionLoss, conversionRule, conversionRequirement, parsesText, type ConversionRule } from './type-conversion';
export {
  dialectTypeEquals,
  dialectDefaultText,
  dialectNormalizedSchema,
  diffAsStored,
  type DialectView,
  type EnumLists,
} from './dialect-equivalence';
