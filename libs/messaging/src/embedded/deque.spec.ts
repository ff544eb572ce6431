import { Deque } from './deque';

describe('Deque', () => {
  it('keeps FIFO order across growth and puts unshifted items first', () => {
    const deque = new Deque<number>();
    for (let i = 0; i < 40; i++) deque.push(i);
    for (let i = 0; i < 10; i++) deque.shift();
    deque.unshift(-1);
    for (let i = 40; i < 60; i++) deque.push(i);
    const drained: number[] = [];
    for (let item = deque.shift(); item !== undefined; item = deque.shift()) drained.push(item);
    expect(drained).toEqual([-1, ...Array.from({ length: 50 }, (_, i) => i + 10)]);
    expect(deque.shift()).toBeUndefined();
  });
});
