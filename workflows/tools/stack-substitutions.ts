/**
 * The values a deployed stack gave its state machines' `${Name}` placeholders.
 *
 * infra/constructs/workflows.ts deploys each workflow file with `definitionSubstitutions` built
 * from the topology, so the stack's template holds, per AWS::StepFunctions::StateMachine, a
 * DefinitionSubstitutions map of CloudFormation expressions: `{"Fn::GetAtt": [fn, "Arn"]}` for a
 * function ARN, `{"Ref": table}` for a table name, a topic ARN, a queue URL, a bucket or stream
 * name, a distribution id. The deployed stack's resources give each logical id its physical id,
 * and its id the partition, region and account, which is what those expressions evaluate to: Ref
 * is the physical id for every resource type here, and the few ARN attributes are built from it as
 * each type's documentation (AWS resource and property types reference, "Return values") says.
 * Anything else is refused by name rather than guessed.
 */

/** One resource of the deployed stack, as ListStackResources gives it. */
export interface StackResource {
  readonly logicalId: string;
  readonly physicalId: string;
  readonly type: string;
}

/** What the deployed stack says about itself: its id (an ARN), template and resources. */
export interface DeployedStack {
  readonly stackId: string;
  readonly template: unknown;
  readonly resources: readonly StackResource[];
}

/** A value of the template that cannot be evaluated from the stack's id and resources. */
export class UnresolvableSubstitutionError extends Error {
  override readonly name = 'UnresolvableSubstitutionError';
  constructor(
    readonly placeholder: string,
    reason: string,
  ) {
    super(`\${${placeholder}}: ${reason}`);
  }
}

/** No state machine of the stack, or more than one, has exactly the workflow's placeholders. */
export class StateMachineNotFoundError extends Error {
  override readonly name = 'StateMachineNotFoundError';
}

interface StackEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly stackName: string;
  readonly stackId: string;
}

const STACK_ARN = /^arn:([^:]+):cloudformation:([^:]+):(\d{12}):stack\/([^/]+)\/.+$/;

function environmentOf(stackId: string): StackEnvironment {
  const match = STACK_ARN.exec(stackId);
  if (match === null) throw new SyntaxError(`Not a CloudFormation stack id: ${stackId}`);
  const [, partition, region, account, stackName] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  return { partition, region, account, stackName, stackId };
}

const lastOf = (text: string, separator: string): string => text.slice(text.lastIndexOf(separator) + 1);

type Attribute = (physicalId: string, env: StackEnvironment) => string;

/** Fn::GetAtt attributes that follow from the physical id, per resource type. */
const ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, Attribute>>>> = {
  'AWS::Lambda::Function': {
    Arn: (name, e) => `arn:${e.partition}:lambda:${e.region}:${e.account}:function:${name}`,
  },
  'AWS::DynamoDB::Table': {
    Arn: (name, e) => `arn:${e.partition}:dynamodb:${e.region}:${e.account}:table/${name}`,
  },
  'AWS::SQS::Queue': {
    Arn: (url, e) => `arn:${e.partition}:sqs:${e.region}:${e.account}:${lastOf(url, '/')}`,
    QueueName: (url) => lastOf(url, '/'),
    QueueUrl: (url) => url,
  },
  'AWS::SNS::Topic': { TopicArn: (arn) => arn, TopicName: (arn) => lastOf(arn, ':') },
  'AWS::S3::Bucket': { Arn: (name, e) => `arn:${e.partition}:s3:::${name}` },
  'AWS::Kinesis::Stream': {
    Arn: (name, e) => `arn:${e.partition}:kinesis:${e.region}:${e.account}:stream/${name}`,
  },
  'AWS::StepFunctions::StateMachine': { Arn: (arn) => arn, Name: (arn) => lastOf(arn, ':') },
};

const PSEUDO_PARAMETERS: Readonly<Record<string, (env: StackEnvironment) => string>> = {
  'AWS::Partition': (e) => e.partition,
  'AWS::Region': (e) => e.region,
  'AWS::AccountId': (e) => e.account,
  'AWS::StackName': (e) => e.stackName,
  'AWS::StackId': (e) => e.stackId,
  'AWS::URLSuffix': (e) => (e.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'),
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Evaluates one DefinitionSubstitutions value against the deployed stack. */
function evaluate(
  value: unknown,
  placeholder: string,
  env: StackEnvironment,
  resources: ReadonlyMap<string, StackResource>,
): string {
  const fail = (reason: string): never => {
    throw new UnresolvableSubstitutionError(placeholder, reason);
  };
  const resource = (logicalId: string): StackResource =>
    resources.get(logicalId) ?? fail(`the stack has no resource ${logicalId}`);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isRecord(value) || Object.keys(value).length !== 1)
    return fail(`${JSON.stringify(value)} is not a value`);
  const [[fn, argument]] = Object.entries(value) as [[string, unknown]];
  switch (fn) {
    case 'Ref': {
      if (typeof argument !== 'string') return fail('Ref takes a name');
      const pseudo = PSEUDO_PARAMETERS[argument];
      return pseudo !== undefined ? pseudo(env) : resource(argument).physicalId;
    }
    case 'Fn::GetAtt': {
      // The short form is "LogicalId.Attribute"; a logical id has no dot, an attribute may.
      const parts: unknown =
        typeof argument === 'string' && argument.includes('.')
          ? [argument.split('.', 1)[0], argument.slice(argument.indexOf('.') + 1)]
          : argument;
      if (!Array.isArray(parts) || typeof parts[0] !== 'string' || typeof parts[1] !== 'string')
        return fail('Fn::GetAtt takes a logical id and an attribute');
      const [logicalId, attribute] = parts as [string, string];
      const target = resource(logicalId);
      const derive = ATTRIBUTES[target.type]?.[attribute];
      return derive !== undefined
        ? derive(target.physicalId, env)
        : fail(`${logicalId}.${attribute} (${target.type}) does not follow from the stack's resources`);
    }
    case 'Fn::Join': {
      if (!Array.isArray(argument) || typeof argument[0] !== 'string' || !Array.isArray(argument[1]))
        return fail('Fn::Join takes a delimiter and a list');
      const [delimiter, list] = argument as [string, unknown[]];
      return list.map((item) => evaluate(item, placeholder, env, resources)).join(delimiter);
    }
    default:
      return fail(`${fn} is not evaluated here`);
  }
}

/** Each state machine of the template with its DefinitionSubstitutions, by logical id. */
function stateMachines(template: unknown): { logicalId: string; substitutions: Record<string, unknown> }[] {
  const resources = isRecord(template) && isRecord(template['Resources']) ? template['Resources'] : {};
  return Object.entries(resources).flatMap(([logicalId, resource]) => {
    if (!isRecord(resource) || resource['Type'] !== 'AWS::StepFunctions::StateMachine') return [];
    const properties = isRecord(resource['Properties']) ? resource['Properties'] : {};
    const substitutions = properties['DefinitionSubstitutions'];
    return [{ logicalId, substitutions: isRecord(substitutions) ? substitutions : {} }];
  });
}

const sameNames = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().every((name, i) => name === [...b].sort()[i]);

/**
 * The deployed value of each placeholder in `names`, from the one state machine of the stack
 * whose DefinitionSubstitutions have exactly those names (the topology gives every workflow its
 * own set, and infra passes it unchanged).
 */
export function deployedSubstitutions(
  names: readonly string[],
  stack: DeployedStack,
): Record<string, string> {
  const matching = stateMachines(stack.template).filter((m) =>
    sameNames(Object.keys(m.substitutions), names),
  );
  const wanted =
    names.length === 0 ? 'no substitutions' : `the substitutions ${[...names].sort().join(', ')}`;
  if (matching.length !== 1) {
    throw new StateMachineNotFoundError(
      matching.length === 0
        ? `No state machine of ${stack.stackId} has ${wanted} (was the stack deployed from this topology?)`
        : `${matching.map((m) => m.logicalId).join(' and ')} all have ${wanted}`,
    );
  }
  const [machine] = matching as [(typeof matching)[number]];
  const env = environmentOf(stack.stackId);
  const byId = new Map(stack.resources.map((r) => [r.logicalId, r]));
  return Object.fromEntries(
    Object.entries(machine.substitutions).map(([name, value]) => [name, evaluate(value, name, env, byId)]),
  );
}
