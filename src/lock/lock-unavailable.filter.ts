import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  FencedOutError,
  LockLostError,
  LockQuorumError,
  LockTakenError,
  LockTimeoutError,
  type LockUnavailableError,
} from './lock.errors.js';

const DEFAULT_RETRY_AFTER_S = 1;

/**
 * A request that could not get (or keep) its lock in time answers 503 with `Retry-After` (the
 * holder's PTTL, at least 1 s), in Nest's error shape: the same request is expected to succeed a
 * little later. Not installed by `LockModule`: the app chooses (`APP_FILTER` provider or
 * `app.useGlobalFilters`). HTTP only; other contexts get the error rethrown.
 */
@Catch(LockTakenError, LockTimeoutError, LockQuorumError, LockLostError, FencedOutError)
export class LockUnavailableFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: LockUnavailableError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const retryAfterMs = 'retryAfterMs' in error ? error.retryAfterMs : 0;
    const seconds = Math.max(DEFAULT_RETRY_AFTER_S, Math.ceil(retryAfterMs / 1000));
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
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
