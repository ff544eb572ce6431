import { Module } from '@nestjs/common';
import { ReceiveServiceHookHttp } from './http.controller';
import { ReceiveServiceHookService } from './receive-service-hook.service';

@Module({
  providers: [ReceiveServiceHookService, ReceiveServiceHookHttp],
})
export class ReceiveServiceHookModule {}
