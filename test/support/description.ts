// Shared by the tests that read the built bundle (the description's, and docs, client and interop tests):
// the document, fresh copies of it, and one compiled validator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HTTP_METHODS, createContractValidator, escapePointer, resolveRef, type OpenApiDocument } from '@agora-chat-push/openapi';

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

/** Every HTTP method a path item may hold (the operation model's list). */
export const METHODS = HTTP_METHODS;

export interface OperationEntry {
  path: string;
  method: string;
  pointer: string;
  operation: Record<string, unknown>;
}

/** Every operation of the bundle, from the operation model, with its raw object. */
export function operations(): OperationEntry[] {
  return validator.model.operations.map(({ path, method, pointer }) => ({
    path,
    method,
    pointer,
    operation: bundle.paths[path]![method] as Record<string, unknown>,
  }));
}
