import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
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
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    const retryAfterMs = 'retryAfterMs' in error ? error.retryAfterMs : 0;
    const seconds = Math.max(DEFAULT_RETRY_AFTER_S, Math.ceil(retryAfterMs / 1000));
    httpAdapter.setHeader(response, 'Retry-After', String(seconds));
    httpAdapter.reply(
      response,
      {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        message: error.message,
        error: 'Service Unavailable',
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
