import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { MAX_VALIDATION_MESSAGES } from './http-limits.js';

/** Every error the API answers: Nest's shape. */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode!: number;

  @ApiProperty({
    oneOf: [
      { type: 'string' },
      { type: 'array', items: { type: 'string' }, maxItems: MAX_VALIDATION_MESSAGES + 1 },
    ],
    description: `What is wrong: one sentence, or (400 from validation) a list of at most ${MAX_VALIDATION_MESSAGES} problems and a last line counting the others`,
    example: ['userLevel must not be greater than 1000'],
  })
  message!: string | string[];

  @ApiProperty({ example: 'Bad Request', description: 'The HTTP status text' })
  error!: string;
}

const DESCRIPTIONS: Partial<Record<number, string>> = {
  400: 'Invalid input (path, query or body)',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body over 100 kB',
  415: 'Body that is not application/json',
  503: 'Try again later (see Retry-After)',
};

/** Documents the error responses of a route, each with the shared error body. */
export function ApiErrors(...statuses: HttpStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? STATUS_CODES[status],
        type: ErrorResponse,
        ...(status === HttpStatus.SERVICE_UNAVAILABLE
          ? { headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } } }
          : {}),
      }),
    ),
  );
}
