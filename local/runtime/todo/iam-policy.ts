import type { PolicyStatementJson } from '../../../topology/todo';

/**
 * The part of IAM's policy evaluation the local storage gate needs, for identity-based policies
 * (no resource policies, no permission boundaries): a request is allowed when an Allow statement
 * matches its action, resource and conditions and no Deny statement matches; otherwise it is
 * denied (implicitly). Policy variables such as `${cognito-identity.amazonaws.com:sub}` are
 * replaced by the caller's values first, as IAM does when it evaluates the role's policy.
 */

export interface AuthorizationRequest {
  /** e.g. `s3:GetObject`. */
  readonly action: string;
  /** e.g. `arn:aws:s3:::bucket/private/us-east-1:…/file.txt`. */
  readonly resource: string;
  /** Condition keys of the request, e.g. `s3:prefix` for ListBucket; absent keys are not present. */
  readonly context: Readonly<Record<string, string>>;
}

/** A policy pattern (`*` any run of characters, `?` one) as an anchored regular expression. */
function wildcard(pattern: string, caseInsensitive = false): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

/** The statements with each `${key}` policy variable replaced by its value for this caller. */
export function withPolicyVariables(
  statements: readonly PolicyStatementJson[],
  variables: Readonly<Record<string, string>>,
): PolicyStatementJson[] {
  const fill = (text: string) =>
    text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => variables[name] ?? whole);
  return statements.map((statement) => ({
    ...statement,
    Resource: statement.Resource.map(fill),
    ...(statement.Condition === undefined
      ? {}
      : {
          Condition: Object.fromEntries(
            Object.entries(statement.Condition).map(([operator, keys]) => [
              operator,
              Object.fromEntries(Object.entries(keys).map(([key, values]) => [key, values.map(fill)])),
            ]),
          ),
        }),
  }));
}

/** Unknown condition operators never match: a policy this evaluator cannot read allows nothing. */
function conditionHolds(operator: string, expected: readonly string[], actual: string | undefined): boolean {
  if (actual === undefined) return false;
  switch (operator) {
    case 'StringEquals':
      return expected.includes(actual);
    case 'StringLike':
      return expected.some((pattern) => wildcard(pattern).test(actual));
    default:
      return false;
  }
}

function matches(statement: PolicyStatementJson, request: AuthorizationRequest): boolean {
  // Action names are case-insensitive in IAM; resources (object keys) are not.
  if (!statement.Action.some((action) => wildcard(action, true).test(request.action))) return false;
  if (!statement.Resource.some((resource) => wildcard(resource).test(request.resource))) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => conditionHolds(operator, values, request.context[key])),
  );
}

export function isAllowed(
  statements: readonly PolicyStatementJson[],
  request: AuthorizationRequest,
): boolean {
  const matching = statements.filter((statement) => matches(statement, request));
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}
