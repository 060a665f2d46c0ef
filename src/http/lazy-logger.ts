/**
 * A request's logger that becomes a pino child (bound to the request and correlation IDs) only when
 * the request actually logs. Most requests log nothing at the production levels; building a child
 * for each of them costs measurable throughput.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type Method = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
const METHODS: readonly Method[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

export function lazyChild(parent: FastifyBaseLogger, bindings: () => Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
  let child: FastifyBaseLogger | undefined;
  const real = () => (child ??= parent.child(bindings(), options));
  const logger = {
    get level() {
      return child?.level ?? parent.level;
    },
    set level(level: string) {
      real().level = level;
    },
    silent: () => undefined,
    child: (more: Bindings, moreOptions?: ChildLoggerOptions) => real().child(more, moreOptions),
    isLevelEnabled: (level: string) => (parent as unknown as { isLevelEnabled(l: string): boolean }).isLevelEnabled(level),
  } as Record<string, unknown>;
  for (const method of METHODS) {
    logger[method] = (...args: unknown[]) => {
      if (!(parent as unknown as { isLevelEnabled(l: string): boolean }).isLevelEnabled(method)) return;
      (real()[method] as (...a: unknown[]) => void)(...args);
    };
  }
  return logger as unknown as FastifyBaseLogger;
}
