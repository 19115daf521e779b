/** A tiny middleware composer: each step may handle the turn or pass it on with `next()`. */
export type Next = () => Promise<void>;
export type Middleware<Ctx> = (ctx: Ctx, next: Next) => Promise<void>;

export function compose<Ctx>(middleware: readonly Middleware<Ctx>[]): (ctx: Ctx) => Promise<void> {
  return (ctx) => {
    let lastIndex = -1;
    // Not itself async: each step already returns a promise, and a turn passes through every step.
    const dispatch = (i: number): Promise<void> => {
      if (i <= lastIndex) return Promise.reject(new Error('next() called more than once in one middleware'));
      lastIndex = i;
      const step = middleware[i];
      if (!step) return Promise.resolve();
      try {
        return step(ctx, () => dispatch(i + 1));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return dispatch(0);
  };
}
