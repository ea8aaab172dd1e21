import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { replyServiceUnavailable } from '../common/reply-service-unavailable.js';
import {
  CacheLockLostError,
  CacheUnavailableError,
  CacheWriteTimeoutError,
} from './cache.errors.js';

type RetryableCacheError = CacheUnavailableError | CacheWriteTimeoutError | CacheLockLostError;

const RETRY_AFTER_S = 1;

/**
 * A write the cache could not protect (Redis unreachable; under the seed strategies the row's
 * lock busy past the wait bound, or lost) answers 503 with `Retry-After`, in Nest's error shape. MySQL
 * was not changed: the same request may simply be retried.
 */
@Catch(CacheUnavailableError, CacheWriteTimeoutError, CacheLockLostError)
export class CacheUnavailableFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: RetryableCacheError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    replyServiceUnavailable(this.adapterHost, host, error.message, RETRY_AFTER_S);
  }
}
