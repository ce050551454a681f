export * from './plan-step';
export * from './plan-migration';
export { needsRebuild } from './rebuild-rules';
export * from './migration-step-plan';
export { planChanges } from './plan-changes';
