export { readInteger, type IntegerSetting, type InvalidSetting } from './read-integer';
export type { Env } from './env';
