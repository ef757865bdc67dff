// The few typed errors a command may throw; main.ts turns them into exit codes.

/** The user typed something wrong: print the message and how to get help, exit 1 (2 for commander's own). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A finished command that must exit with a given code (its output is already printed). */
export class ExitError extends Error {
  override name = 'ExitError';
  constructor(readonly code: number, message = '') {
    super(message);
  }
}

/** A failure worth retrying (network, 409, 5xx). */
export class TransientError extends Error {
  override name = 'TransientError';
}
