import { Logger } from '@nestjs/common';
import { CacheMisuseError } from '../cache.errors.js';

/** `po-throws`: a misuse is an error (true), or one warning per method and a bypass (false). */
export class CacheMisuse {
  private readonly logger = new Logger('Cache');
  private warned = false;

  constructor(
    private readonly method: string,
    private readonly poThrows: boolean,
  ) {}

  report(problem: string): void {
    if (this.poThrows) throw new CacheMisuseError(this.method, problem);
    if (!this.warned) {
      this.warned = true;
      this.logger.warn(`${this.method}: ${problem}; not cached (po-throws="false")`);
    }
  }
}
