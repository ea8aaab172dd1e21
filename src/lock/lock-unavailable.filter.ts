import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { replyServiceUnavailable } from '../common/reply-service-unavailable.js';
import {
  FencedOutError,
  LockLostError,
  LockQuorumError,
  LockTakenError,
  LockTimeoutError,
} from './lock.errors.js';

type LockUnavailable =
  LockTakenError | LockTimeoutError | LockQuorumError | LockLostError | FencedOutError;

const DEFAULT_RETRY_AFTER_S = 1;

/**
 * A request that could not get (or keep) its lock in time answers 503 with `Retry-After`, in
 * Nest's error shape: the same request is expected to succeed a little later.
 */
@Catch(LockTakenError, LockTimeoutError, LockQuorumError, LockLostError, FencedOutError)
export class LockUnavailableFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: LockUnavailable, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const retryAfterMs = 'retryAfterMs' in error ? error.retryAfterMs : 0;
    const seconds = Math.max(DEFAULT_RETRY_AFTER_S, Math.ceil(retryAfterMs / 1000));
    replyServiceUnavailable(this.adapterHost, host, error.message, seconds);
  }
}
