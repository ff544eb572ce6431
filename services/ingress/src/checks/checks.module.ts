import { Module } from '@nestjs/common';
import { INGRESS_ENV } from '../ingress.di-tokens';
import { CheckMetrics } from './check-metrics';
import { CHECKS_CONFIG } from './checks.di-tokens';
import { loadChecksConfig } from './config/checks-config';
import { RequestCheckController } from './request-check/http.controller';
import { RequestCheckService } from './request-check/request-check.service';
import { SyncCheckController } from './sync-check/http.controller';
import { SyncCheckService } from './sync-check/sync-check.service';

/** Azure Pipelines checks: `POST /checks/{policy}` (callback) and `POST /checks/{policy}/sync` (ApiResponse). */
@Module({
  controllers: [RequestCheckController, SyncCheckController],
  providers: [
    // Fails the ingress start-up with the variable to fix (GATE_POLICIES_FILE, GATE_TOKEN_KEY, ALLOWED_ORG_URLS).
    { provide: CHECKS_CONFIG, useFactory: loadChecksConfig, inject: [INGRESS_ENV] },
    CheckMetrics,
    RequestCheckService,
    SyncCheckService,
  ],
})
export class ChecksModule {}
