import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CurrentReader, type Reader } from '../access-log/reader.decorator.js';
import { RequireScopes } from '../auth/auth.decorators.js';
import { firstAsGiven } from '../common/connection.js';
import {
  EraseConversationArgs,
  EraseCustomerArgs,
  ErasuresArgs,
  LegalHoldsArgs,
  PlaceLegalHoldArgs,
  ReleaseLegalHoldArgs,
} from './dto/erasure.args.js';
import { ErasureService } from './erasure.service.js';
import { Erasure, ErasureConnection } from './models/erasure.model.js';
import { LegalHold } from './models/legal-hold.model.js';

@Resolver()
export class ErasureResolver {
  constructor(private readonly erasure: ErasureService) {}

  @Mutation(() => Erasure, {
    description:
      'Erases the personal content of one conversation (message texts and bodies, customer names and identifiers, channel and form data, activity details) in one transaction; ids, names of events, times, types, visibility, sender types and agent ids stay, and verifyAuditLog still answers ok. Error LEGAL_HOLD when held (nothing changes). Scope data:erase.',
  })
  @RequireScopes('data:erase')
  eraseConversation(
    @Args() { conversationId, reason }: EraseConversationArgs,
    @CurrentReader() reader: Reader,
  ): Promise<Erasure> {
    return this.erasure.eraseConversation(conversationId, reason, reader.keyName);
  }

  @Mutation(() => Erasure, {
    description:
      "Erases every conversation of the customer (data.header.customer / channelSession.customer id) and the customer's own record, in one transaction; fails whole with LEGAL_HOLD if any of them is held. Scope data:erase.",
  })
  @RequireScopes('data:erase')
  eraseCustomer(
    @Args() { customerId, reason }: EraseCustomerArgs,
    @CurrentReader() reader: Reader,
  ): Promise<Erasure> {
    return this.erasure.eraseCustomer(customerId, reason, reader.keyName);
  }

  @Mutation(() => LegalHold, {
    description:
      'Places a legal hold on a conversation or a customer (exactly one): no erasure, by a key or by retention, touches it until released. Scope data:erase.',
  })
  @RequireScopes('data:erase')
  placeLegalHold(
    @Args() args: PlaceLegalHoldArgs,
    @CurrentReader() reader: Reader,
  ): Promise<LegalHold> {
    return this.erasure.placeHold(args, args.reason, reader.keyName);
  }

  @Mutation(() => LegalHold, {
    description:
      'Releases a legal hold; it stays listed with who released it and why. Scope data:erase.',
  })
  @RequireScopes('data:erase')
  releaseLegalHold(
    @Args() { id, reason }: ReleaseLegalHoldArgs,
    @CurrentReader() reader: Reader,
  ): Promise<LegalHold> {
    return this.erasure.releaseHold(id, reason, reader.keyName);
  }

  @Query(() => [LegalHold], {
    description: 'Legal holds, newest first (active ones only by default). Scope audit:read.',
  })
  @RequireScopes('audit:read')
  legalHolds(@Args() { activeOnly }: LegalHoldsArgs): Promise<LegalHold[]> {
    return this.erasure.holds(activeOnly ?? true);
  }

  @Query(() => ErasureConnection, {
    description:
      'The erasure ledger, newest first (a Relay connection): who erased what, when and why, never the erased content. Scope audit:read.',
  })
  @RequireScopes('audit:read')
  erasures(
    @Args() args: ErasuresArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ErasureConnection> {
    return this.erasure.erasures({ ...args, first: firstAsGiven(args.first, info) });
  }
}
