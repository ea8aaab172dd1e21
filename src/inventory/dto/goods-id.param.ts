import { Injectable, type PipeTransform } from '@nestjs/common';
import { invalidInput, parseDecimal } from '../../common/request-checks.js';

export const GOODS_ID_MESSAGE = `goodsId must be an integer from 1 to ${Number.MAX_SAFE_INTEGER} in plain decimal digits`;

/** `:goodsId` of the path: plain decimal digits, 1 to 2^53-1. */
@Injectable()
export class GoodsIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    const goodsId = parseDecimal(value, 1, Number.MAX_SAFE_INTEGER);
    if (goodsId === undefined) throw invalidInput(GOODS_ID_MESSAGE);
    return goodsId;
  }
}
