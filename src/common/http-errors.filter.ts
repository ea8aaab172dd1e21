import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { CacheError } from '../cache/index.js';
import { LockError } from '../lock/index.js';
import { describeError } from './describe-error.js';
import { MAX_BODY_LABEL } from './http-limits.js';
import { StatementTimeoutType } from './mysql-timeout.filter.js';

interface FastifyHttpError extends Error {
  code: string;
  statusCode: number;
}

function isFastifyError(value: unknown): value is FastifyHttpError {
  if (!(value instanceof Error)) return false;
  const error = value as Partial<FastifyHttpError>;
  return (
    typeof error.code === 'string' &&
    error.code.startsWith('FST_') &&
    typeof error.statusCode === 'number'
  );
}

/**
 * Fastify's own error (body too large, media type, malformed URL...), as thrown or as the
 * adapter hands it to Nest: a 4xx one wrapped in an `HttpException` with the error as `cause`.
 */
function fastifyErrorOf(value: unknown): FastifyHttpError | undefined {
  if (isFastifyError(value)) return value;
  if (value instanceof HttpException && isFastifyError(value.cause)) return value.cause;
  return undefined;
}

/** `@Catch` target for Fastify's own 4xx errors (a 5xx one is a server fault: logged below). */
abstract class FastifyErrorType {
  static [Symbol.hasInstance](value: unknown): boolean {
    const error = fastifyErrorOf(value);
    return error !== undefined && error.statusCode < 500;
  }
}

/**
 * `@Catch` target for what no other filter of the app answers. The cache and lock modules'
 * errors are left alone: their own filters map some of them to 503 (a catch-all filter added
 * with `useGlobalFilters` is consulted before the modules' `APP_FILTER`s).
 */
abstract class UnexpectedErrorType {
  static [Symbol.hasInstance](value: unknown): boolean {
    return !(
      value instanceof HttpException ||
      value instanceof CacheError ||
      value instanceof LockError ||
      value instanceof FastifyErrorType ||
      value instanceof StatementTimeoutType
    );
  }
}

function messageOf(error: FastifyHttpError, request: FastifyRequest): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `request body exceeds ${MAX_BODY_LABEL}`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const type = request.headers['content-type'];
      return `unsupported Content-Type${type ? ` ${JSON.stringify(type)}` : ' (none given)'}: send application/json`;
    }
    default:
      return error.message;
  }
}

/** Fastify's errors in Nest's shape `{statusCode, message, error}` (Fastify adds a `code`). */
@Catch(FastifyErrorType)
export class FastifyErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const error = fastifyErrorOf(exception)!;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const statusCode = error.statusCode;
    void http
      .getResponse<FastifyReply>()
      .code(statusCode)
      .send({ statusCode, message: messageOf(error, request), error: STATUS_CODES[statusCode] });
  }
}

/**
 * A failure nobody expected: 500 in Nest's shape with the request id in `X-Request-Id`, and one
 * log line with that id, the route pattern and the error, with quoted values masked (a MySQL
 * message quotes the user's values; TypeORM's error also carries the SQL and its parameters,
 * which are not logged).
 */
@Catch(UnexpectedErrorType)
export class UnexpectedErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return error;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const route = request.routeOptions?.url ?? '(no route)';
    const { summary, stack } = describeError(error);
    this.logger.error(
      `${request.method} ${route} failed, request ${request.id}: ${summary}`,
      stack,
    );
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return undefined;
    }
    // A 5xx of Fastify's own (a handler timeout, say) keeps its status.
    const statusCode = isFastifyError(error) ? error.statusCode : HttpStatus.INTERNAL_SERVER_ERROR;
    const text = STATUS_CODES[statusCode];
    void reply
      .code(statusCode)
      .header('X-Request-Id', request.id)
      .send({
        statusCode,
        message: statusCode === 500 ? 'Internal server error' : text,
        error: text,
      });
    return undefined;
  }
}
