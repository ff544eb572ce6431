import { Module } from '@nestjs/common';
import { ReceiveServiceHookController } from './http.controller';
import { ReceiveServiceHookService } from './receive-service-hook.service';

@Module({
  controllers: [ReceiveServiceHookController],
  providers: [ReceiveServiceHookService],
})
export class ReceiveServiceHookModule {}
