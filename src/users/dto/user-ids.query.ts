import { Injectable, type PipeTransform } from '@nestjs/common';
import { invalidInput, queryProblems } from '../../common/request-checks.js';
import { USER_ID_PATTERN } from '../../common/validation-patterns.js';

export const MAX_BATCH_IDS = 100;
export const USER_IDS_MESSAGE = `ids must be 1-${MAX_BATCH_IDS} distinct userIds separated by commas`;

/** `?ids=a,b,c` of `GET /users`: 1-100 distinct valid userIds, in the order asked. */
@Injectable()
export class UserIdsQueryPipe implements PipeTransform<unknown, string[]> {
  transform(query: unknown): string[] {
    const record = (query ?? {}) as Record<string, unknown>;
    const problems = queryProblems(record, ['ids']);
    if (problems.length > 0) throw invalidInput(...problems);
    if (typeof record.ids !== 'string') throw invalidInput(USER_IDS_MESSAGE);
    const ids = record.ids.split(',');
    if (ids.length > MAX_BATCH_IDS) throw invalidInput(USER_IDS_MESSAGE);
    const bad = ids.filter((id) => !USER_ID_PATTERN.test(id));
    if (bad.length > 0) {
      throw invalidInput(`${USER_IDS_MESSAGE}; not a userId: ${JSON.stringify(bad[0])}`);
    }
    if (new Set(ids).size !== ids.length) {
      throw invalidInput(
        `${USER_IDS_MESSAGE}; repeated: ${ids.find((id, index) => ids.indexOf(id) !== index)}`,
      );
    }
    return ids;
  }
}
