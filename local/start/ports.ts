import { createServer } from 'node:net';
import type { FixedPort } from './settings';

/** A fixed port a server of ours could not have, and why (EADDRINUSE, EACCES ...). */
export interface PortProblem extends FixedPort {
  readonly code: string;
}

/**
 * Listens where our server would (127.0.0.1:port, as listenOnLoopback and the local Step
 * Functions do) and lets go at once: the answer is what that server's listen would meet.
 */
function tryPort(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

/**
 * The fixed ports that cannot be had, checked before anything starts, so a port in use costs no
 * moto start and no half-started pipeline to stop. Something may still take a port between this
 * check and the listen: start.ts names the variable then too (portMessage).
 */
export async function unavailablePorts(ports: readonly FixedPort[]): Promise<PortProblem[]> {
  const problems: PortProblem[] = [];
  for (const entry of ports) {
    const code = await tryPort(entry.port);
    if (code !== undefined) problems.push({ ...entry, code });
  }
  return problems;
}

/** One line: which port, why, and the exact variable to set. */
export function portMessage(problem: PortProblem, holder?: string): string {
  const { port, variable, code } = problem;
  const move = `set ${variable}=<another port> (0 picks a free one)`;
  if (code === 'EADDRINUSE')
    return `Port ${port} is in use (${holder ?? 'another npm start, or a stepfunctions-local?'}): stop what holds it, or ${move}.`;
  if (code === 'EACCES') return `Port ${port} needs privileges this user does not have: ${move}.`;
  return `Port ${port} cannot be used (${code}): ${move}.`;
}
