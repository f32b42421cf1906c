/** Why a synth refuses to produce a template: each names what to change, so `cdk synth` says it. */
export class InfraError extends Error {
  override readonly name: string = 'InfraError';
}

/** A context value (`-c key=value` or cdk.json) that the app cannot deploy with. */
export class InvalidDeploymentSetting extends InfraError {
  override readonly name = 'InvalidDeploymentSetting';
  constructor(
    readonly key: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`Context ${key}=${JSON.stringify(value)} is not valid: ${expected}`);
  }
}

/**
 * The sharp layer folder holds no linux-arm64 binary: a stack deployed so would ship an empty
 * layer and every thumbnail function would fail at its first `import 'sharp'`.
 */
export class SharpLayerNotBuilt extends InfraError {
  override readonly name = 'SharpLayerNotBuilt';
  constructor(readonly missing: string) {
    super(
      `The sharp layer is not built: ${missing} is missing. Run \`npm run build:sharp-layer\` ` +
        '(npm run deploy does it first), or pass -c allowMissingSharpLayer=true for a synth ' +
        'that will not be deployed.',
    );
  }
}
