import { Injectable, type PipeTransform } from '@nestjs/common';
import { invalidInput, parseDecimal, queryProblems } from '../../common/request-checks.js';
import { MAX_USER_LEVEL } from '../../common/validation-patterns.js';

/** The conditions of `GET /users/:userId` beyond the key, checked after a cache hit too. */
export interface GetUserQuery {
  userLevel?: number;
}

export const USER_LEVEL_QUERY_MESSAGE = `userLevel must be an integer from 0 to ${MAX_USER_LEVEL} in plain decimal digits`;

/** `?userLevel=N`: plain decimal digits 0-1000, at most once, nothing else in the query. */
@Injectable()
export class GetUserQueryPipe implements PipeTransform<unknown, GetUserQuery> {
  transform(query: unknown): GetUserQuery {
    const record = (query ?? {}) as Record<string, unknown>;
    const problems = queryProblems(record, ['userLevel']);
    if (problems.length === 0 && record.userLevel !== undefined) {
      const userLevel = parseDecimal(record.userLevel, 0, MAX_USER_LEVEL);
      if (userLevel === undefined) throw invalidInput(USER_LEVEL_QUERY_MESSAGE);
      return { userLevel };
    }
    if (problems.length > 0) throw invalidInput(...problems);
    return {};
  }
}
