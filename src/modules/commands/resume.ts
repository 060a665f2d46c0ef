/**
 * Pending asynchronous work is taken up only by a node that serves: CLI commands open a node on
 * the same database and must neither deliver results nor time requests out. Once the node
 * listens, unanswered deadlines are re-armed, undelivered results delivered, pruning started.
 */
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../module.js';
import type { AsyncReceiver } from './async-receiver.js';
import type { AsyncSender } from './async-sender.js';
import type { Pruner } from './retention.js';

export function resumeWhenListening(app: FastifyInstance, ctx: NodeContext, work: { receiver: AsyncReceiver; sender: AsyncSender; pruning: Pruner }): void {
  let resumed = false;
  app.addHook('onListen', async () => {
    // One listen() may open several sockets; the work is taken up once.
    if (resumed) return;
    resumed = true;
    if (ctx.ownRoles.has('CPO')) await work.receiver.recover();
    if (ctx.ownRoles.has('EMSP')) await work.sender.recover();
    work.pruning.start();
  });
}
