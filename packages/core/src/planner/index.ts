export * from './action';
export * from './migration-plan';
export * from './plan-migration';
export { needsRebuild } from './rebuild-rules';
export * from './planned-migration-steps';
export { planChanges } from './plan-changes';
export { planZeroDowntime, type ZeroDowntimeChange, type ZeroDowntimeSketch } from './zero-downtime-actions';
