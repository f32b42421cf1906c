import { randomUUID } from 'node:crypto';

export type LogLevel = 'info' | 'warn' | 'error';

/** One JSON object per line on stdout: what CloudWatch Logs (awslogs driver) indexes field by field. */
export type Logger = (level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>) => void;

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return (level, message, fields = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
}

/** Ids a caller may hand us (a load balancer's, a client's): short and plain, so a log line stays one line. */
const SAFE_ID = /^[A-Za-z0-9._:=;+/-]{1,128}$/;

/**
 * The request's id: the one the caller sent in X-Request-Id when it is plain, else a new one. An
 * ALB's X-Amzn-Trace-Id is logged beside it, so a request can be followed across both.
 */
export function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SAFE_ID.test(value) ? value : randomUUID();
}
