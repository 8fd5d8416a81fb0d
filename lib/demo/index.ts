export { generateDemoEvents } from './generateDemoEvents';
export type { DemoEvent, DemoOptions } from './generateDemoEvents';
export { sendEvents } from './sendEvents';
export type { SendOptions, SendReport } from './sendEvents';
export { DemoError, runDemo, type DemoRun } from './seedDemo';
