import { ConsoleLogger } from '@nestjs/common';

/**
 * Nest's logger, except that errors from Nest's own `ExceptionHandler` are dropped: during
 * start-up that handler prints the failure with its stack, and `main.ts` prints it as one line
 * instead (bad configuration must stop start-up with one line, no stack trace).
 */
export class StartupLogger extends ConsoleLogger {
  override error(message: unknown, ...rest: unknown[]): void {
    if (rest.at(-1) === 'ExceptionHandler' || this.context === 'ExceptionHandler') return;
    super.error(message, ...rest);
  }
}
