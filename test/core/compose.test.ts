import { describe, expect, it } from 'vitest';
import { compose, type Middleware } from '../../bot/compose.ts';

type Ctx = { seen: string[] };

describe('compose', () => {
  it('runs steps in order until one handles the turn', async () => {
    const step = (name: string, handles = false): Middleware<Ctx> => async (ctx, next) => {
      ctx.seen.push(name);
      if (!handles) await next();
      ctx.seen.push(`${name}:after`);
    };
    const ctx: Ctx = { seen: [] };
    await compose([step('a'), step('b', true), step('c')])(ctx);
    expect(ctx.seen).toEqual(['a', 'b', 'b:after', 'a:after']);
  });

  it('rejects a step that calls next() twice', async () => {
    const twice: Middleware<Ctx> = async (_ctx, next) => {
      await next();
      await next();
    };
    await expect(compose([twice, async () => {}])({ seen: [] })).rejects.toThrow(/more than once/);
  });

  it('turns a step that throws before returning a promise into a rejection', async () => {
    const broken = (() => {
      throw new Error('broken step');
    }) as unknown as Middleware<Ctx>;
    const run = compose<Ctx>([async (_ctx, next) => next(), broken]);
    await expect(run({ seen: [] })).rejects.toThrow('broken step');
  });
});
