import { Module } from '@nestjs/common';
import { ReportsResolver } from './reports.resolver.js';
import { ReportsService } from './reports.service.js';

@Module({ providers: [ReportsResolver, ReportsService] })
export class ReportsModule {}
