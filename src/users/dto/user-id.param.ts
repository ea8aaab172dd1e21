import { Injectable, type PipeTransform } from '@nestjs/common';
import { invalidInput } from '../../common/request-checks.js';
import { USER_ID_PATTERN } from '../../common/validation-patterns.js';

export const USER_ID_MESSAGE = 'userId must be 1-64 letters, digits or _ . : @ -';

/** `:userId` of the path: `USER_ID_PATTERN`, checked with one precompiled RegExp. */
@Injectable()
export class UserIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !USER_ID_PATTERN.test(value)) {
      throw invalidInput(USER_ID_MESSAGE);
    }
    return value;
  }
}
