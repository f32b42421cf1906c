/**
 * How far a Map state's last attempt got: whether its failure is one the service records
 * MapStateFailed for (its items, iterations or map run failed, not its InputPath or ResultPath).
 */
export interface AttemptProgress {
  workFailed: boolean;
  /** Its iterations or its map run began: what fails from then on is theirs. */
  running: boolean;
}
