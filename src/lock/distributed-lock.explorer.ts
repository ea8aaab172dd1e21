import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import {
  DISTRIBUTED_LOCK_METADATA,
  LOCK_SERVICE_OF_INSTANCE,
} from './distributed-lock.decorator.js';
import { LockService } from './lock.service.js';

/** Gives every provider and controller with `@DistributedLock` methods this app's `LockService`. */
@Injectable()
export class DistributedLockExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly locks: LockService,
  ) {}

  onModuleInit(): void {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const { instance } of wrappers) {
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      const decorated = this.scanner
        .getAllMethodNames(prototype)
        .some((name) =>
          Reflect.hasMetadata(
            DISTRIBUTED_LOCK_METADATA,
            (prototype as Record<string, object>)[name],
          ),
        );
      if (decorated) {
        Object.defineProperty(instance, LOCK_SERVICE_OF_INSTANCE, { value: this.locks });
      }
    }
  }
}
