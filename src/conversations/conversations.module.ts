import { Module } from '@nestjs/common';
import { ConversationsResolver } from './conversations.resolver.js';
import { ConversationsService } from './conversations.service.js';

@Module({ providers: [ConversationsResolver, ConversationsService] })
export class ConversationsModule {}
