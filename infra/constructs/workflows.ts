import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import type { JsonObject } from '@myblog/asl';
import type { ResourceRef, Topology, WorkflowName } from '../../topology/types';
import { acknowledge, nagResource } from '../nag';
import { taskActionsBySubstitution } from '../task-actions';
import type { RefResolver } from './functions';

const WORKFLOWS = path.join(__dirname, '..', '..', 'workflows');
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * What a workflow may do with a resource it references: `actions` are the IAM actions its Task
 * states call with that reference (see taskActionsBySubstitution); a function is invoked.
 */
export interface WorkflowGrants {
  /** `machine` holds the role: acknowledgements of a grant's findings are made on it. */
  grant(machine: iam.IGrantable & IConstruct, ref: ResourceRef, actions: readonly string[]): void;
}

/**
 * One state machine per workflows/*.asl.json, deployed from the file itself: the ASL is never
 * written in TypeScript, so what Workflow Studio saves is what runs. `${Name}` placeholders are
 * filled through definitionSubstitutions from the topology.
 */
export class Workflows extends Construct {
  readonly stateMachines: Record<WorkflowName, sfn.StateMachine>;

  constructor(
    scope: Construct,
    id: string,
    topology: Topology,
    resolve: RefResolver,
    /** The state machine's name from the workflow's kebab-case name, unique to the deployment. */
    nameOf: (workflow: string) => string,
    grants: WorkflowGrants,
  ) {
    super(scope, id);
    this.stateMachines = {} as Record<WorkflowName, sfn.StateMachine>;
    const stack = Stack.of(this);
    for (const [name, spec] of Object.entries(topology.workflows) as [
      WorkflowName,
      Topology['workflows'][WorkflowName],
    ][]) {
      const stateMachineName = nameOf(kebab(name));
      const machine = new sfn.StateMachine(this, `${name}StateMachine`, {
        stateMachineName,
        definitionBody: sfn.DefinitionBody.fromFile(path.join(WORKFLOWS, spec.file)),
        definitionSubstitutions: Object.fromEntries(
          Object.entries(spec.substitutions).map(([key, ref]) => [key, resolve(ref)]),
        ),
        stateMachineType:
          spec.type === 'EXPRESS' ? sfn.StateMachineType.EXPRESS : sfn.StateMachineType.STANDARD,
        tracingEnabled: true,
        logs: {
          destination: new logs.LogGroup(this, `${name}Logs`, {
            retention: logs.RetentionDays.THREE_MONTHS,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
          // Failures only, without execution data: inputs and outputs carry subscribers' emails
          // and names, which a log kept for months must not. An execution's data stays in its
          // history (90 days, read with states:GetExecutionHistory) for whoever debugs it.
          level: sfn.LogLevel.ERROR,
          includeExecutionData: false,
        },
      });
      const called = taskActionsBySubstitution(
        JSON.parse(readFileSync(path.join(WORKFLOWS, spec.file), 'utf8')) as JsonObject,
      );
      for (const [key, ref] of Object.entries(spec.substitutions))
        grants.grant(machine, ref, [...(called.get(key) ?? [])].sort());
      // A distributed Map starts child executions of its own state machine. The ARN is built from
      // the name rather than taken from the construct, which would make the policy depend on itself.
      const selfArn = stack.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: stateMachineName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      machine.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [selfArn] }),
      );
      // Child execution names are generated per map run, so only the state machine part is fixed.
      const childExecutions = stack.formatArn({
        service: 'states',
        resource: 'execution',
        resourceName: `${stateMachineName}/*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      machine.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['states:DescribeExecution', 'states:StopExecution'],
          resources: [childExecutions],
        }),
      );
      acknowledge(
        machine,
        'AwsSolutions-SF1',
        "Failures only (ERROR) by design: ALL with execution data would copy subscribers' emails and names into the logs. Each execution's full history stays readable through the Step Functions API.",
      );
      acknowledge(
        machine,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray tracing and CloudWatch Logs delivery (logs:CreateLogDelivery and friends) only accept the resource "*".',
      );
      acknowledge(
        machine,
        `AwsSolutions-IAM5[Resource::${nagResource(machine, childExecutions)}]`,
        'Child executions of its own distributed Map, named per map run.',
      );
      this.stateMachines[name] = machine;
    }
  }
}
