/**
 * The Map state: map-state.ts is the state (its data flow, MapStateStarted…, choosing the mode);
 * inline.ts its iterations; distributed.ts the map run and its child executions; item-reader,
 * item-batcher and result-writer the distributed Map's fields of those names; mocked.ts TestState.
 */
export { compileMap } from './map-state';
