/**
 * `reference.html`: the whole reference as one static web page without JavaScript, for a reader whose browser
 * runs none, a slow phone, browser find (Redoc's page renders lazily: find sees only part of it) and printing.
 * It is reference.md (src/reference.ts, made from the operation model) rendered with `marked`, with a table of
 * contents made from the operation model, an anchor per operation (`reference.html#setPushSettings`, the
 * operationId), light and dark colours at 4.5:1 or more, and nothing loaded from anywhere: it works from
 * file:// and under any sub-path (every link is relative). The build fails when it would carry a script or
 * weigh more than {@link REFERENCE_HTML_MAX_GZIP} bytes gzipped.
 */
import { gzipSync } from 'node:zlib';
import { type ApiModel, type OpenApiDocument, buildOperationModel } from '@agora-chat-push/openapi';
import { Marked, type Tokens } from 'marked';
import { shortRequest } from './glance.js';

type Node = Record<string, unknown>;

/** The page's budget, gzipped (the Redoc page is about 700 KB gzipped). */
export const REFERENCE_HTML_MAX_GZIP = 60 * 1024;

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** GitHub's heading slug (lower case, punctuation dropped, spaces to `-`), so reference.md's `#errata` links work here too. */
export const headingId = (text: string): string =>
  text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .trim()
    .replace(/ /g, '-');

const STYLE = `
:root { color-scheme: light dark; --fg: #1c1d21; --bg: #ffffff; --muted: #4f515c; --link: #1656c7; --code-bg: #f3f4f6; --border: #d5d7de; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e9ed; --bg: #17181c; --muted: #b4b6c0; --link: #8ab4ff; --code-bg: #24262d; --border: #3a3c45; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--link); overflow-wrap: anywhere; }
main p, main li { overflow-wrap: break-word; }
.skip { position: absolute; left: 8px; top: -80px; padding: 8px 14px; background: var(--bg); border: 2px solid var(--link); }
.skip:focus { top: 8px; }
.layout { display: grid; grid-template-columns: minmax(220px, 280px) minmax(0, 1fr); gap: 32px; max-width: 1280px; margin: 0 auto; padding: 24px; }
nav { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; padding: 8px 0; font-size: 15px; }
nav ul { list-style: none; margin: 0; padding-left: 0; }
nav ul ul { padding-left: 14px; }
nav li { margin: 4px 0; }
nav code { font-size: 13px; color: var(--muted); }
main { min-width: 0; }
h1 { font-size: 30px; line-height: 1.2; overflow-wrap: break-word; }
h2 { margin-top: 2.2em; border-bottom: 1px solid var(--border); padding-bottom: 4px; }
h3 { margin-top: 1.8em; }
code { font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code-bg); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--code-bg); padding: 12px; border-radius: 6px; overflow-x: auto; }
pre code { padding: 0; background: none; overflow-wrap: normal; }
table { border-collapse: collapse; display: block; overflow-x: auto; max-width: 100%; }
td:first-child code { white-space: nowrap; overflow-wrap: normal; }
th, td { border: 1px solid var(--border); padding: 6px 8px; text-align: left; vertical-align: top; min-width: 90px; }
blockquote { margin: 0; padding: 4px 16px; border-left: 4px solid var(--border); color: var(--muted); }
@media (max-width: 760px) { .layout { display: block; padding: 16px; } nav { position: static; max-height: none; } h1 { font-size: 24px; } }
@media print { nav, .skip { display: none; } .layout { display: block; } }
`;

/** The table of contents: the introduction's sections, every operation by tag (from the operation model), the rest. */
function tableOfContents(model: ApiModel, sections: { id: string; text: string }[]): string {
  const byTag = new Map<string, { id: string; summary: string; request: string }[]>();
  for (const op of model.operations) {
    const tag = op.tags[0] ?? '';
    byTag.set(tag, [...(byTag.get(tag) ?? []), { id: op.operationId, summary: op.summary, request: shortRequest(op) }]);
  }
  const item = (id: string, text: string, inner = ''): string => `<li><a href="#${escapeHtml(id)}">${escapeHtml(text)}</a>${inner}</li>`;
  const before = sections.filter((s) => !['operations', 'shared-answers', 'schemas', 'errata'].includes(s.id) && !byTag.has(s.text));
  const after = sections.filter((s) => ['shared-answers', 'schemas', 'errata'].includes(s.id));
  const operations = [...byTag].map(([tag, ops]) => item(headingId(tag), tag, `<ul>${ops.map((o) => item(o.id, o.summary, ` <code>${escapeHtml(o.request)}</code>`)).join('')}</ul>`)).join('');
  return `<nav aria-label="Contents"><ul>${before.map((s) => item(s.id, s.text)).join('')}${item('operations', 'Operations', `<ul>${operations}</ul>`)}${after.map((s) => item(s.id, s.text)).join('')}</ul></nav>`;
}

/** reference.md (of `document`) as the static page; `model`: the operation model of `document`, if the caller has it. */
export function referenceHtml(document: Node, markdown: string, model: ApiModel = buildOperationModel(document as unknown as OpenApiDocument)): string {
  const info = document.info as Node;
  const used = new Map<string, number>();
  const sections: { id: string; text: string }[] = [];
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Heading): string {
        const base = headingId(token.text) || 'section';
        const n = used.get(base) ?? 0;
        used.set(base, n + 1);
        const id = n === 0 ? base : `${base}-${n}`;
        if (token.depth === 2) sections.push({ id, text: token.text.replace(/`/g, '') });
        return `<h${token.depth} id="${id}">${this.parser.parseInline(token.tokens as Tokens.Generic[])}</h${token.depth}>\n`;
      },
    },
  });
  // An anchor line before a heading (`<a id="setPushSettings"></a>` in reference.md) becomes the heading's id, so
  // that `reference.html#setPushSettings` lands on the heading itself.
  const body = (marked.parse(markdown, { async: false }) as string).replace(/<p><a id="([^"]+)"><\/a><\/p>\s*<h([1-6]) id="[^"]*">/g, '<h$2 id="$1">');
  const title = `${String(info.title)}: API reference`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<meta name="description" content="Every operation, rule, example and error of the Agora Chat push-notification settings REST API on one static page. Unofficial; not affiliated with Agora.">
<style>${STYLE.trim()}</style>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<div class="layout">
${tableOfContents(model, sections)}
<main id="content">
${body}</main>
</div>
</body>
</html>
`;
}

/** Problems of a built reference.html: a script, a remote resource, or a weight over budget; empty when fine. */
export function referenceHtmlProblems(html: string, document: Node, model: ApiModel = buildOperationModel(document as unknown as OpenApiDocument)): string[] {
  const problems: string[] = [];
  if (/<script\b/i.test(html)) problems.push('it has a <script>');
  // Links to other sites may stay (a reader follows them); nothing else may point off the page.
  if (/\s(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.test(html.replace(/<a\b[^>]*>/gi, ''))) problems.push('it loads something from the network');
  const gzip = gzipSync(html, { level: 9 }).length;
  if (gzip > REFERENCE_HTML_MAX_GZIP) problems.push(`it weighs ${gzip} bytes gzipped, over the budget of ${REFERENCE_HTML_MAX_GZIP}`);
  for (const op of model.operations) {
    if (!html.includes(`id="${op.operationId}"`)) problems.push(`it has no anchor for ${op.operationId}`);
  }
  return problems;
}
