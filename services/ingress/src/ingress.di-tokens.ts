/** IngressConfig (config/ingress-config.ts). */
export const INGRESS_CONFIG = Symbol('INGRESS_CONFIG');
/** The environment the ingress was started with, for feature modules that read their own variables. */
export const INGRESS_ENV = Symbol('INGRESS_ENV');
/** The ingress pino Logger (secrets redacted). */
export const INGRESS_LOGGER = Symbol('INGRESS_LOGGER');
/** The ingress ServiceMetrics (one Prometheus registry). */
export const INGRESS_METRICS = Symbol('INGRESS_METRICS');
