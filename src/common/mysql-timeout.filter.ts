import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isStatementTimeout } from './mysql-errors.js';

const RETRY_AFTER_S = 1;

/** `@Catch` target: a statement or lock wait the server stopped at `MYSQL_QUERY_TIMEOUT_MS`. */
export abstract class StatementTimeoutType {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isStatementTimeout(value);
  }
}

/**
 * A request whose statement MySQL stopped at the bound answers 503 with `Retry-After`: its
 * transaction was rolled back (the error left the transaction's callback), so nothing of it
 * was applied, and the connection is back in the pool as it was (docs/consistency.md,
 * "MySQL bounds").
 */
@Catch(StatementTimeoutType)
export class MysqlTimeoutFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return error;
    const statusCode = HttpStatus.SERVICE_UNAVAILABLE;
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .code(statusCode)
      .header('Retry-After', String(RETRY_AFTER_S))
      .send({
        statusCode,
        message: 'MySQL is busy: a statement or lock wait ran past its bound; nothing was applied',
        error: 'Service Unavailable',
      });
    return undefined;
  }
}
