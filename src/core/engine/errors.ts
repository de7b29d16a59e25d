import type { EngineErrorCode } from './protocol';

/** A failure with a code the host can act on (offer a download, pick another voice…) and a message for the user. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
