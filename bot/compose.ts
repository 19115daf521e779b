/** A tiny middleware composer: each step may handle the turn or pass it on with `next()`. */
export type Next = () => Promise<void>;
export type Middleware<Ctx> = (ctx: Ctx, next: Next) => Promise<void>;

export function compose<Ctx>(middleware: readonly Middleware<Ctx>[]): (ctx: Ctx) => Promise<void> {
  return (ctx) => {
    let lastIndex = -1;
    const dispatch = async (i: number): Promise<void> => {
      if (i <= lastIndex) throw new Error('next() called more than once in one middleware');
      lastIndex = i;
      const step = middleware[i];
      if (step) await step(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}
