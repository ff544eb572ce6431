import { Module } from '@nestjs/common';
import { INGRESS_ENV } from '../ingress.di-tokens';
import { CheckMetrics } from './check-metrics';
import { CheckRouteHooks } from './check-route-hooks';
import { CHECKS_CONFIG } from './checks.di-tokens';
import { loadChecksConfig } from './config/checks-config';
import { RequestCheckHttp } from './request-check/http.controller';
import { RequestCheckService } from './request-check/request-check.service';
import { SyncCheckHttp } from './sync-check/http.controller';
import { SyncCheckService } from './sync-check/sync-check.service';

/** Azure Pipelines checks: `POST /checks/{policy}` (callback) and `POST /checks/{policy}/sync` (ApiResponse). */
@Module({
  providers: [
    // Fails the ingress start-up with the variable to fix (GATE_POLICIES_FILE, GATE_TOKEN_KEY, ALLOWED_ORG_URLS).
    { provide: CHECKS_CONFIG, useFactory: loadChecksConfig, inject: [INGRESS_ENV] },
    CheckMetrics,
    CheckRouteHooks,
    RequestCheckService,
    SyncCheckService,
    RequestCheckHttp,
    SyncCheckHttp,
  ],
})
export class ChecksModule {}
