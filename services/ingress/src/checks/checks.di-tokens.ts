/** ChecksConfig (config/checks-config.ts): gate policies, token keys and the PlanUrl allow-list. */
export const CHECKS_CONFIG = Symbol('CHECKS_CONFIG');
