export { wardenHome } from './wardenHome';
export { localSecret } from './localSecret';
