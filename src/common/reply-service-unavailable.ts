import { HttpStatus, type ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';

/**
 * Answers 503 with `Retry-After` in Nest's error shape: for failures that the same request is
 * expected to get past a little later (a lock busy or lost, Redis unreachable). HTTP only.
 */
export function replyServiceUnavailable(
  adapterHost: HttpAdapterHost,
  host: ArgumentsHost,
  message: string,
  retryAfterSeconds: number,
): void {
  const { httpAdapter } = adapterHost;
  const response: unknown = host.switchToHttp().getResponse();
  httpAdapter.setHeader(response, 'Retry-After', String(retryAfterSeconds));
  httpAdapter.reply(
    response,
    { statusCode: HttpStatus.SERVICE_UNAVAILABLE, message, error: 'Service Unavailable' },
    HttpStatus.SERVICE_UNAVAILABLE,
  );
}
