// Shared by the tests that read the built bundle (the description's, and docs, client and interop tests):
// the document, fresh copies of it, and one compiled validator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atPointer, createContractValidator, escapePointer, resolveRef, type OpenApiDocument } from '@agora-chat-push/openapi';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const distDir = join(repoRoot, 'packages', 'openapi', 'dist');

/** A fresh copy of the built bundle (dist/openapi.json), to change at will; `T` types what the caller reads. */
export function loadBundle<T = OpenApiDocument>(): T {
  return JSON.parse(readFileSync(join(distDir, 'openapi.json'), 'utf8')) as T;
}

export const bundle = loadBundle();
export const validator = createContractValidator(bundle);

/** Follows a local `$ref` (`#/components/...`) in the bundle; returns other nodes unchanged. */
export const deref = <T = Record<string, unknown>>(node: unknown): T => resolveRef<T>(bundle, node);

export { escapePointer };

export interface OperationEntry {
  path: string;
  method: string;
  pointer: string;
  operation: Record<string, unknown>;
}

/** Every operation of the bundle, from the operation model, with its raw object (read at the model's pointer). */
export function operations(): OperationEntry[] {
  return validator.model.operations.map(({ path, method, pointer }) => ({
    path,
    method,
    pointer,
    operation: atPointer(bundle, pointer) as Record<string, unknown>,
  }));
}
