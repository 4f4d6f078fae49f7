import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequireScopes } from '../auth/auth.decorators.js';
import { ReportArgs, WhispersByAgentArgs } from './dto/report.args.js';
import { AgentWhisperRow, ReportRow } from './models/report.model.js';
import { ReportsService } from './reports.service.js';

@Resolver()
export class ReportsResolver {
  constructor(private readonly reports: ReportsService) {}

  @Query(() => [ReportRow], {
    description:
      'Per UTC hour or day and per channel or agent; aggregated in PostgreSQL. Scope reports:read.',
  })
  @RequireScopes('reports:read')
  conversationReport(@Args() args: ReportArgs): Promise<ReportRow[]> {
    return this.reports.report(args);
  }

  @Query(() => [AgentWhisperRow], {
    description:
      'Whispers per agent and UTC hour or day, oldest bucket first; aggregated in PostgreSQL. Scope reports:read.',
  })
  @RequireScopes('reports:read')
  whispersByAgent(@Args() args: WhispersByAgentArgs): Promise<AgentWhisperRow[]> {
    return this.reports.whispersByAgent(args);
  }
}
