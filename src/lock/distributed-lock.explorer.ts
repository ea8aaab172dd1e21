import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { DistributedLockMetadata } from './distributed-lock.decorator.js';
import { DistributedLockInterceptor } from './distributed-lock.interceptor.js';
import { DISTRIBUTED_LOCK_METADATA } from './lock.constants.js';

type Method = (...args: unknown[]) => unknown;

/**
 * Finds the `@DistributedLock` methods of every provider and controller at module init (as
 * `@nestjs/schedule` finds its jobs) and replaces each, on the instance, with a call through
 * `DistributedLockInterceptor`. Anything that reads the method from the instance after this
 * (a scheduler initialised after `LockModule`, the class's own calls) gets the locked one.
 */
@Injectable()
export class DistributedLockExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly interceptor: DistributedLockInterceptor,
  ) {}

  onModuleInit(): void {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const { instance } of wrappers) {
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        this.wrap(instance as Record<string, unknown>, methodName);
      }
    }
  }

  private wrap(instance: Record<string, unknown>, methodName: string): void {
    const method = instance[methodName];
    if (typeof method !== 'function') return;
    const metadata = this.reflector.get<DistributedLockMetadata | undefined>(
      DISTRIBUTED_LOCK_METADATA,
      method,
    );
    if (!metadata) return;
    const original = method as Method;
    const interceptor = this.interceptor;
    const locked = function (this: unknown, ...args: unknown[]): Promise<unknown> {
      return interceptor.intercept({ instance, methodName, args, metadata }, (nextArgs = args) =>
        Promise.resolve(Reflect.apply(original, instance, nextArgs)),
      );
    };
    // Other decorators' metadata stays readable on the instance's method.
    for (const key of Reflect.getMetadataKeys(original)) {
      Reflect.defineMetadata(key, Reflect.getMetadata(key, original), locked);
    }
    Object.defineProperty(locked, 'name', { value: original.name });
    Object.defineProperty(instance, methodName, {
      value: locked,
      configurable: true,
      writable: true,
    });
  }
}
