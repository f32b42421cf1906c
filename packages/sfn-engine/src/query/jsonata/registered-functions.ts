import { AWS_JSONATA_FUNCTIONS } from './aws-functions';
import { SIZE_GUARDED_BUILT_INS } from './size-guards';

/**
 * Every function registered over the `jsonata` library's on each expression, and on the fast
 * path's view of the library: Step Functions' own functions, and the size-guarded built-ins.
 */
export const REGISTERED_FUNCTIONS = [...AWS_JSONATA_FUNCTIONS, ...SIZE_GUARDED_BUILT_INS];
