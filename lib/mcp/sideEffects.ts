import type { SideEffect } from './executionRecord';

/**
 * A notification the server sends about the call it is handling; the recording transport takes it
 * out of the stream (the client never sees it) and adds the effect to that call's record.
 */
export const SIDE_EFFECT_NOTIFICATION = 'notifications/warden/side_effect';

/** The part of the SDK's RequestHandlerExtra this needs: ties the notification to the request being handled. */
export interface HandlerExtra {
  sendNotification: (notification: never) => Promise<void>;
}

/**
 * Reports what a tool did to the outside world (`{kind: 'http', target: url}`, `file_read`,
 * `shell_exec`, …; one effect or several at once) into the record of the call it is handling. Call
 * it from inside the handler with the handler's `extra`. Without a recorder the client receives an
 * unknown notification and ignores it; a failure here never fails the tool.
 */
export async function reportSideEffect(extra: HandlerExtra, effect: SideEffect | readonly SideEffect[]): Promise<void> {
  const effects = Array.isArray(effect) ? effect : [effect as SideEffect];
  if (effects.length === 0) return;
  try {
    await extra.sendNotification({ method: SIDE_EFFECT_NOTIFICATION, params: { effects } } as never);
  } catch {
    // Reporting is best effort by design: the tool's own outcome matters more than its audit note.
  }
}
