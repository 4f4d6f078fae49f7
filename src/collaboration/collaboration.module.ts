import { Module } from '@nestjs/common';
import { CollaborationResolver } from './collaboration.resolver.js';
import { CollaborationService } from './collaboration.service.js';

@Module({ providers: [CollaborationResolver, CollaborationService] })
export class CollaborationModule {}
