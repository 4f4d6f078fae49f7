import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service.js';
import { guardAvailability } from './storage-errors.js';

@Injectable()
export class HealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  async ping(): Promise<void> {
    await guardAvailability(() => this.prisma.$queryRawUnsafe('SELECT 1'));
  }
}
