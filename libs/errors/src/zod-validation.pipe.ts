import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Validates a handler argument against a zod schema; a failure surfaces as a 400 naming the field. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    return this.schema.parse(value ?? {});
  }
}
