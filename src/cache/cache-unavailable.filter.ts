import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  CacheLockLostError,
  CacheUnavailableError,
  CacheWriteTimeoutError,
} from './cache.errors.js';

type RetryableCacheError = CacheUnavailableError | CacheWriteTimeoutError | CacheLockLostError;

const RETRY_AFTER = '1';

/**
 * A write the cache could not protect (Redis unreachable; under the seed strategies the row's
 * lock busy past the wait bound, or lost) answers 503 with `Retry-After`, in Nest's error shape.
 * MySQL was not changed: the same request may simply be retried. Not installed by `CacheModule`:
 * the app chooses (`APP_FILTER` provider or `app.useGlobalFilters`). HTTP only; other contexts
 * get the error rethrown.
 */
@Catch(CacheUnavailableError, CacheWriteTimeoutError, CacheLockLostError)
export class CacheUnavailableFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: RetryableCacheError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const status = HttpStatus.SERVICE_UNAVAILABLE;
    const body = { statusCode: status, message: error.message, error: 'Service Unavailable' };
    const response: unknown = host.switchToHttp().getResponse();
    this.adapterHost.httpAdapter.setHeader(response, 'Retry-After', RETRY_AFTER);
    this.adapterHost.httpAdapter.reply(response, body, status);
  }
}
