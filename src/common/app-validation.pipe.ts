import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import { MAX_VALIDATION_MESSAGES } from './http-limits.js';

/** Keeps the first `MAX_VALIDATION_MESSAGES` messages and counts the rest in a last one. */
export function capMessages(messages: string[]): string[] {
  if (messages.length <= MAX_VALIDATION_MESSAGES) return messages;
  const left = messages.length - MAX_VALIDATION_MESSAGES;
  return [
    ...messages.slice(0, MAX_VALIDATION_MESSAGES),
    `... and ${left} more problem${left === 1 ? '' : 's'}`,
  ];
}

/**
 * Body validation (class-validator DTOs), strict: unknown fields are 400, no implicit
 * conversion. At most `MAX_VALIDATION_MESSAGES` messages per response, whatever the body holds.
 * Path and query values are left to the route's own pipes (`UserIdPipe`, `GoodsIdPipe`,
 * `GetUserQueryPipe`): precompiled checks of the raw strings, no class-transformer on the hot
 * path, and no `Number()` conversion that would take `0x10` for 16.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return metadata.type === 'body' ? super.transform(value, metadata) : Promise.resolve(value);
  }

  override createExceptionFactory(): (errors?: ValidationError[]) => unknown {
    return (errors: ValidationError[] = []) =>
      new BadRequestException(capMessages(this.flattenValidationErrors(errors)));
  }
}
