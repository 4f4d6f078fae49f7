import { Module } from '@nestjs/common';
import { ViewerResolver } from './viewer.resolver.js';

/** The supervisor console's API additions; its files are served by serveConsole (console.static.ts). */
@Module({ providers: [ViewerResolver] })
export class ConsoleModule {}
