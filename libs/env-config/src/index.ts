export { readInteger, type IntegerSetting, type InvalidSetting } from './read-integer';
export { quoteValue } from './quote-value';
export type { Env } from './env';
export { withoutCredentials } from './without-credentials';
export { isCredentialFailure } from './credential-failure';
