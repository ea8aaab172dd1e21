import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
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

  override createExceptionFactory(): (errors?: ValidationError[]) => unknown {
    return (errors: ValidationError[] = []) =>
      new BadRequestException(capMessages(this.flattenValidationErrors(errors)));
  }
}
