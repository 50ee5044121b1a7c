/**
 * What the built page carries, read back from its HTML (the description and Redoc options that
 * `redocly build-docs` embeds), and how Redoc 3 lays it out: one route per tag and operation
 * (`#/<tag>/<operationid>`), rendered lazily as the reader gets there.
 */
import type { Page } from 'playwright-core';
import { type OpenApiDocument, buildOperationModel } from '@agora-chat-push/openapi';

export interface PageSample {
  lang: string;
  label: string;
  source: string;
}

export interface PageOperation {
  operationId: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  /** Redoc's hash route of the operation, e.g. `#/push-templates/deletepushtemplate`. */
  route: string;
  /** The id of the element Redoc renders the operation in, e.g. `push-templates/deletepushtemplate`. */
  elementId: string;
  samples: PageSample[];
}

interface EmbeddedDocument {
  info: { title: string; description?: string };
  tags?: { name: string; description?: string; 'x-traitTag'?: boolean }[];
  paths: Record<string, Record<string, { operationId?: string; summary?: string; tags?: string[]; 'x-codeSamples'?: PageSample[] }>>;
}

/** Redoc's slug of a tag name: `Push mode and do-not-disturb` -> `push-mode-and-do-not-disturb`. */
export const tagSlug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Redoc's element id of an operation (its hash route without `#/`): `push-templates/deletepushtemplate`. */
export const operationElementId = (tag: string, operationId: string): string => `${tagSlug(tag)}/${operationId.toLowerCase()}`;

function embedded(html: string, name: string): unknown {
  const match = new RegExp(`const ${name} = (.*);\\n`).exec(html);
  if (!match?.[1]) throw new Error(`the page does not embed ${name}: is it a redocly build-docs page?`);
  return JSON.parse(match[1]);
}

/** The description as embedded in the page (with its x-codeSamples) and the Redoc options. */
export function readPage(html: string): { document: EmbeddedDocument; options: Record<string, unknown> } {
  return {
    document: embedded(html, '__redoc_definition') as EmbeddedDocument,
    options: embedded(html, '__redoc_options') as Record<string, unknown>,
  };
}

/** The operations of the page, in document order, with their routes and code samples. */
export function pageOperations(html: string): PageOperation[] {
  const { document } = readPage(html);
  return buildOperationModel(document as unknown as OpenApiDocument).operations.map((op) => {
    const tag = op.tags[0] ?? '';
    const elementId = operationElementId(tag, op.operationId);
    return {
      operationId: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      tag,
      summary: op.summary,
      route: `#/${elementId}`,
      elementId,
      samples: (op.extensions['x-codeSamples'] as PageSample[] | undefined) ?? [],
    };
  });
}

/**
 * Visits every operation's route in turn (as a reader following the menu would) and resolves, for each, the
 * time (ms since navigation start) when its element held its title. Rejects naming the operation that never
 * rendered.
 */
export async function renderEveryOperation(page: Page, operations: Pick<PageOperation, 'route' | 'elementId' | 'summary'>[], timeoutMs = 15_000): Promise<Record<string, number>> {
  // No named helper functions inside: under tsx, esbuild would wrap them in a `__name()` the page lacks.
  return page.evaluate(
    async ({ operations, timeoutMs }) => {
      const times: Record<string, number> = {};
      for (const { route, elementId, summary } of operations) {
        if (location.hash !== route) location.hash = route;
        const start = performance.now();
        for (;;) {
          const element = document.getElementById(elementId);
          if (element && (element.textContent ?? '').includes(summary)) break;
          if (performance.now() - start > timeoutMs) throw new Error(`${route}: "${summary}" was not rendered within ${timeoutMs} ms`);
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
        times[elementId] = performance.now();
      }
      return times;
    },
    { operations, timeoutMs },
  );
}
