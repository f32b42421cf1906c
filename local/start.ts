/**
 * `npm start`. The local runtime (moto, the local Step Functions server, pollers, the demo and the
 * dashboard) is not built yet; until it is, this says what it will run and exits successfully,
 * so a newcomer's first command does not fail.
 */
const steps = [
  "start moto's server on a free port (S3, SQS, SNS, SES, Kinesis, DynamoDB with Streams)",
  'start the local Step Functions server (the engine in local/)',
  'create every resource of topology/pipeline.ts on moto and register the three workflows',
  'run the pollers that play EventBridge Pipes and event source mappings',
  'run a demo through all three flows and serve the dashboard',
];
console.log('npm start will:');
steps.forEach((step, i) => console.log(`  ${i + 1}. ${step}`));
console.log('The local runtime is not built yet (see the README, "Status"); nothing was started.');
