import { lockResources } from './distributed-lock.decorator.js';

describe('lockResources', () => {
  it('fills {n} and {n.path} from the arguments', () => {
    expect(lockResources('audit:{0}', ['north'])).toBe('audit:north');
    expect(lockResources('order:{1.id}:{0}', ['x', { id: 7 }])).toBe('order:7:x');
  });

  it('calls a function name with the arguments', () => {
    expect(lockResources((a: string, b: string) => [a, b], ['p', 'q'])).toEqual(['p', 'q']);
  });
});
