import type { Recorder } from './recorder';

export interface ShutdownOptions {
  signals?: NodeJS.Signals[];
  /** Longest wait for the sinks before the process goes anyway (HTTP sinks spill what is left to disk). */
  timeoutMs?: number;
  /**
   * Raise the signal again once the sinks are closed, so that it does what it would have done (default true). A
   * server with a signal handler of its own that shuts it down sets false: its handler then runs once, and decides.
   * Not decided by counting listeners: libraries built on signal-exit stand aside while another listener exists,
   * and the process would then ignore the signal for good.
   */
  reraise?: boolean;
}

/**
 * Closes the recorder (flushing every sink) when the process is told to stop or runs out of work,
 * then lets the signal do what it would have done. Opt-in, because listening for a signal changes
 * a process's behaviour and that is the server's decision, not the recorder's.
 */
export function flushOnShutdown(recorder: Recorder, options: ShutdownOptions = {}): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const timeoutMs = options.timeoutMs ?? 15_000;
  const closeWithin = () => Promise.race([recorder.close(), new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    void closeWithin().finally(() => {
      if (options.reraise !== false) process.kill(process.pid, signal);
    });
  };
  const onBeforeExit = () => {
    remove();
    void closeWithin();
  };
  const remove = () => {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('beforeExit', onBeforeExit);
  };
  for (const signal of signals) process.once(signal, onSignal);
  process.once('beforeExit', onBeforeExit);
  return remove;
}
