import { Injectable } from '@nestjs/common';
import { ReadException, ReadExceptionCode } from '../common/read.exception.js';
import { ReportRepository, type StoredReportRow } from '../storage/report.repository.js';
import { toParticipant } from '../transcripts/transcript.mapper.js';
import type { ReportArgs, ReportRangeArgs, WhispersByAgentArgs } from './dto/report.args.js';
import {
  ReportGranularity,
  ReportGroupBy,
  type AgentWhisperRow,
  type ReportRow,
} from './models/report.model.js';

const DAY_MS = 86_400_000;
/** Bounds the number of buckets a report can produce. */
const MAX_RANGE_MS = {
  [ReportGranularity.HOUR]: 31 * DAY_MS,
  [ReportGranularity.DAY]: 366 * DAY_MS,
};

@Injectable()
export class ReportsService {
  constructor(private readonly repository: ReportRepository) {}

  async report(args: ReportArgs): Promise<ReportRow[]> {
    checkRange(args);
    const rows = await this.repository.report({
      from: args.from,
      to: args.to,
      bucket: args.granularity === ReportGranularity.HOUR ? 'hour' : 'day',
      groupBy: args.groupBy === ReportGroupBy.AGENT ? 'agent' : 'channel',
      channelId: args.channelId,
      agentId: args.agentId,
    });
    return rows.map(toReportRow);
  }

  async whispersByAgent(args: WhispersByAgentArgs): Promise<AgentWhisperRow[]> {
    checkRange(args);
    const rows = await this.repository.whispersByAgent({
      from: args.from,
      to: args.to,
      bucket: args.granularity === ReportGranularity.HOUR ? 'hour' : 'day',
      agentId: args.agentId,
    });
    return rows.map((r) => ({
      bucket: r.bucket,
      agent: toParticipant({ id: r.agentId, name: r.agentName, type: 'AGENT' }),
      whispers: r.whispers,
    }));
  }
}

/** A range of at least one instant and at most the granularity's limit. */
function checkRange(args: ReportRangeArgs): void {
  const span = args.to.getTime() - args.from.getTime();
  if (span <= 0)
    throw new ReadException(ReadExceptionCode.INVALID_ARGUMENT, 'from must be before to');
  if (span > MAX_RANGE_MS[args.granularity]) {
    throw new ReadException(
      ReadExceptionCode.INVALID_ARGUMENT,
      `A ${args.granularity} report covers at most ${MAX_RANGE_MS[args.granularity] / DAY_MS} days`,
    );
  }
}

function toReportRow(r: StoredReportRow): ReportRow {
  const stats = (s: StoredReportRow['firstResponse']) =>
    s
      ? { medianSeconds: s.percentiles[0], p90Seconds: s.percentiles[1], samples: s.samples }
      : null;
  return {
    bucket: r.bucket,
    key: r.key,
    conversations: r.conversations,
    messages: r.messages,
    messagesBySenderType: Object.entries(r.messagesBySenderType)
      .map(([senderType, count]) => ({ senderType, count }))
      .sort((a, b) => a.senderType.localeCompare(b.senderType)),
    customerVisibleMessages: r.customerVisibleMessages,
    agentOnlyMessages: r.agentOnlyMessages,
    firstResponse: stats(r.firstResponse),
    handleTime: stats(r.handleTime),
  };
}
