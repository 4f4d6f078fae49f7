import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../storage/audit.repository.js';
import { ErasureRepository, type LedgerVerification } from '../storage/erasure.repository.js';
import type { AuditVerification } from './models/audit-verification.model.js';

@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly erasures: ErasureRepository,
  ) {}

  /** The erasure ledger: each record chained to the previous, each recorded head still stored. */
  verifyLedger(): Promise<LedgerVerification> {
    return this.erasures.verifyLedger();
  }

  originalEvent(id: string): Promise<unknown> {
    return this.audit.findOriginalEvent(id);
  }

  verify(conversationId: string): Promise<AuditVerification> {
    return this.audit.verifyConversation(conversationId);
  }

  /** Verifies every conversation; yields each result as it is known. */
  async *verifyAll(): AsyncGenerator<AuditVerification> {
    for await (const ids of this.audit.conversationIds()) {
      for (const id of ids) yield await this.audit.verifyConversation(id);
    }
  }
}
