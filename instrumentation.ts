// Runs once when the Next.js server starts: signs a checkpoint for every log that grew, every 10 s.
const CHECKPOINT_INTERVAL_MS = Number(process.env.WARDEN_CHECKPOINT_INTERVAL_MS) || 10_000;

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || !process.env.DATABASE_URL) return;
  const { checkpointGrownLogs } = await import('./lib/ledger/checkpoints');
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await checkpointGrownLogs();
    } catch (error) {
      console.error('Checkpointing failed:', (error as Error).message);
    } finally {
      running = false;
    }
  };
  setInterval(tick, CHECKPOINT_INTERVAL_MS).unref();
}
