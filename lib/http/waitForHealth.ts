/** Polls `<baseUrl>/api/health` until it answers 2xx (true) or the deadline passes (false). */
export async function waitForHealth(baseUrl: string, timeoutMs: number, stillWaiting: () => boolean = () => true): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && stillWaiting()) {
    if (await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}
