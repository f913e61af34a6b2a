/**
 * `yieldbook/interpreters`: isolated interpreters and channels, the
 * sub-interpreter API of Python (`create`, `run_string`, `destroy`,
 * `channels`) over workers. See docs/interpreters.md.
 */
export {
  BlockingChannel,
  type BlockingRecvOptions,
  Channel,
  type ChannelOptions,
  createChannel,
  type RecvOptions,
} from './channel.ts';
export {
  ChannelClosedError,
  IsolateGoneError,
  NotShareableError,
  RunFailedError,
} from './errors.ts';
export {
  type CreateOptions,
  create,
  destroy,
  type IsolateOutput,
  listAll,
  type RunStringOptions,
  runString,
} from './isolates.ts';
export type { IsolateWorker, SpawnIsolate } from './spawn.ts';
