/** The built-in attack library's entries (attackLibrary.ts builds their cases). */
export const ATTACK_IDS = ['prompt_injection_output', 'indirect_injection_fetch', 'exfiltration_url', 'tool_poisoning', 'shell_dns'] as const;
export type AttackId = (typeof ATTACK_IDS)[number];
