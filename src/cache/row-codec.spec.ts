import { NEGATIVE_MARKER } from './cache.constants.js';
import { RowCodec } from './row-codec.js';

class Thing {
  id!: number;
  name!: string | null;
  at!: Date;
}

describe('RowCodec', () => {
  const codec = new RowCodec(Thing, ['id', 'name', 'at'], ['at']);

  it('round-trips a whole row: only columns, Dates restored, the entity prototype', () => {
    const row = Object.assign(new Thing(), { id: 1, name: null, at: new Date(5), extra: 'x' });
    const text = codec.encode(row);
    expect(JSON.parse(text)).toEqual({ id: 1, name: null, at: 5 });
    const decoded = codec.decode(text) as Thing;
    expect(decoded).toBeInstanceOf(Thing);
    expect(decoded).toEqual(Object.assign(new Thing(), { id: 1, name: null, at: new Date(5) }));
  });

  it('names the columns a partial row lacks', () => {
    expect(codec.missingColumns({ id: 1 })).toEqual(['name', 'at']);
    expect(codec.missingColumns({ id: 1, name: null, at: new Date() })).toEqual([]);
  });

  it('cannot encode anything that looks like the negative marker', () => {
    expect(codec.encode({ id: 1, name: NEGATIVE_MARKER, at: new Date() })).toMatch(/^\{/);
    expect(NEGATIVE_MARKER.startsWith('{')).toBe(false);
  });
});
