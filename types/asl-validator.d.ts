// asl-validator ships no type declarations; this is the part of its API we call.
declare module 'asl-validator' {
  interface AslValidatorOptions {
    checkPaths?: boolean;
    checkArn?: boolean;
  }
  interface AslValidationError {
    'Error code': string;
    Message: string;
    schemaError?: unknown;
  }
  /** Note: it writes a default QueryLanguage into every state of the object it is given. */
  function validator(
    definition: unknown,
    options?: AslValidatorOptions,
  ): { isValid: boolean; errors: AslValidationError[] };
  export = validator;
}
