/** A sale line names goods that do not exist. */
export class UnknownGoodsError extends Error {
  override readonly name = 'UnknownGoodsError';
  constructor(readonly goodsId: number) {
    super(`goods ${goodsId} not found`);
  }
}

/** A sale line asks for more than is in stock. */
export class InsufficientStockError extends Error {
  override readonly name = 'InsufficientStockError';
  constructor(
    readonly goodsId: number,
    readonly requested: number,
    readonly available: number,
  ) {
    super(
      `insufficient stock for goods ${goodsId}: requested ${requested}, available ${available}`,
    );
  }
}
