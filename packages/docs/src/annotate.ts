/**
 * What the page adds to the description's text at build time, derived from the bundle and ERRATA.md, so that
 * it keeps working when the description's wording changes:
 * - every "ERRATA E<n>" mention becomes a link to that entry of the "Errata in full" section;
 * - error codes that no source prints (derived ones) are marked as such wherever the text names them, and
 *   error examples that carry one say so;
 * - errata headings lose their code spans, which Redoc 3 cuts sidebar and search titles at;
 * - soft line breaks inside paragraphs and list items become spaces: they render the same, but Redoc's search
 *   index joins the lines without one ("one\nconversation" is indexed as "oneconversation").
 * Nothing here restates a fact of the description: the derived codes come from an `x-derived-error-codes`
 * list in the bundle when it has one, else from the errata entry that says they are derived.
 */

type Node = Record<string, unknown>;

export interface ErratumEntry {
  /** `E6` */
  id: string;
  /** The heading as the page shows it (code spans unwrapped), e.g. `E6. A missing template: 400, not 404`. */
  heading: string;
  /** Redoc's hash route of the entry, e.g. `#/errata-in-full/e6.-a-missing-template:-400-not-404`. */
  route: string;
  /** The entry's text, heading excluded. */
  body: string;
}

/**
 * Redoc 3's id of a Markdown heading (slugify with its default character set, lower-cased): letters, digits,
 * `$*_+~.()'"!-:@` stay, other characters go, spaces become `-`. The browser test (test/docs/site.e2e.test.ts) checks every link made with
 * it against the ids of the rendered page.
 */
export const headingSlug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^\w\s$*_+~.()'"!\-:@]+/g, '')
    .trim()
    .replace(/\s+/g, '-');

/** Unwraps code spans in `##` headings: Redoc titles a heading by its first text run only ("E2." for "E2. `x` ..."). */
export function plainHeadings(markdown: string): string {
  return markdown.replace(/^(#{1,6} )(.*)$/gm, (_, hashes: string, text: string) => `${hashes}${text.replace(/`([^`]*)`/g, '$1')}`);
}

/** The entries (`## E<n>. ...`) of ERRATA.md, with their routes inside the section whose slug is `sectionSlug`. */
export function erratumEntries(errata: string, sectionSlug: string): ErratumEntry[] {
  const entries: ErratumEntry[] = [];
  const parts = plainHeadings(errata).split(/^## /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const heading = (newline < 0 ? part : part.slice(0, newline)).trim();
    const id = /^(E\d+)\b/.exec(heading)?.[1];
    if (!id) continue;
    entries.push({ id, heading, route: `#/${sectionSlug}/${headingSlug(heading)}`, body: newline < 0 ? '' : part.slice(newline + 1) });
  }
  return entries;
}

const BLOCK_START = /^(?:#{1,6} |\||[-*+] |\d+[.)] |>|```|~~~|<)/;

/**
 * Joins the soft-wrapped lines of paragraphs and list items with a space (Markdown renders a soft break as a
 * space anyway). Leaves fenced code, tables, headings, HTML, hard breaks and indented code alone.
 */
export function unwrapSoftBreaks(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fenced = false;
  for (const line of lines) {
    const trimmed = line.trim();
    if (/^(```|~~~)/.test(trimmed)) {
      fenced = !fenced;
      out.push(line);
      continue;
    }
    const previous = out[out.length - 1];
    // A line that is not blank and starts no block continues the paragraph or list item above it (a lazy
    // continuation: even indented, it cannot start a code block there).
    const joinable =
      !fenced && previous !== undefined && previous.trim() !== '' && trimmed !== '' && !BLOCK_START.test(trimmed) && !/^\s*(?:#{1,6} |\||<|```|~~~)/.test(previous) && !/(?: {2}|\\)$/.test(previous);
    if (joinable) out[out.length - 1] = `${previous} ${trimmed}`;
    else out.push(line);
  }
  return out.join('\n');
}

/** Applies `transform` to the Markdown outside fenced code blocks and code spans. */
function outsideCode(markdown: string, transform: (text: string) => string): string {
  return markdown
    .split(/(^```[\s\S]*?^```)/m)
    .map((chunk, i) =>
      i % 2 === 1
        ? chunk
        : chunk
            .split(/(`[^`\n]*`)/)
            .map((part, j) => (j % 2 === 1 ? part : transform(part)))
            .join(''),
    )
    .join('');
}

/** Turns `ERRATA E<n>` into a link to entry n (unknown entries stay text: the test of the page lists them). */
export function linkErrataMentions(markdown: string, entries: ErratumEntry[]): string {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return outsideCode(markdown, (text) =>
    text.replace(/(\[)?\bERRATA (E\d+)\b(\]\()?/g, (whole, open: string | undefined, id: string, close: string | undefined) => {
      const entry = byId.get(id);
      if (!entry || open || close) return whole; // unknown, or already a link
      return `[ERRATA ${id}](${entry.route})`;
    }),
  );
}

export interface DerivedCodes {
  codes: string[];
  /** The erratum that says they are derived (linked from each mark), if one does. */
  entry?: ErratumEntry;
}

/**
 * The error codes no source prints. From the bundle's `x-derived-error-codes` lists (anywhere in it) when it
 * has them; otherwise from the errata: the codes an entry names, in a sentence that calls them derived, as
 * the result of an arrow (`` `RequiredPropertyNotFoundException` → `required_property_not_found` ``).
 */
export function derivedErrorCodes(document: Node, entries: ErratumEntry[]): DerivedCodes {
  const declared = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'x-derived-error-codes' && Array.isArray(value)) value.forEach((v) => declared.add(String(v)));
        else walk(value);
      }
    }
  };
  walk(document);
  const fromErrata = new Map<string, ErratumEntry>();
  for (const entry of entries) {
    for (const sentence of entry.body.replace(/\s+/g, ' ').split(/(?<=[.;])\s+(?=[A-Z])/)) {
      if (!/\bderived\b/i.test(sentence)) continue;
      for (const match of sentence.matchAll(/→\s*`([a-z][a-z0-9_]*)`/g)) fromErrata.set(match[1] as string, entry);
    }
  }
  if (declared.size > 0) {
    const codes = [...declared];
    const entry = codes.map((c) => fromErrata.get(c)).find(Boolean);
    return entry ? { codes, entry } : { codes };
  }
  const codes = [...fromErrata.keys()];
  const entry = fromErrata.values().next().value;
  return entry ? { codes, entry } : { codes };
}

/** The mark put after a derived code where the text names it. */
export const derivedMark = (derived: DerivedCodes): string => (derived.entry ? ` *(derived: [no source prints it](${derived.entry.route}))*` : ' *(derived: no source prints it)*');

/** Marks each derived code where the Markdown names it (in a code span or as a bare word), once per mention. */
export function markDerivedCodes(markdown: string, derived: DerivedCodes): string {
  if (derived.codes.length === 0) return markdown;
  const alternatives = derived.codes.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const inSpan = new RegExp(`(?<![\\w])(?:${alternatives})(?![\\w])`);
  const bare = new RegExp(`(?<![\\w"])(?:${alternatives})(?![\\w])(?! \\*\\(derived)`, 'g');
  const mark = derivedMark(derived);
  const already = (rest: string): boolean => rest.startsWith(mark);
  return markdown
    .split(/(^```[\s\S]*?^```)/m)
    .map((chunk, i) => {
      if (i % 2 === 1) return chunk; // a fenced block
      const parts = chunk.split(/(`[^`\n]*`)/);
      return parts
        .map((part, j) => {
          if (j % 2 === 1) return inSpan.test(part) && !already(parts[j + 1] ?? '') ? `${part}${mark}` : part;
          return part.replace(bare, `$&${mark}`);
        })
        .join('');
    })
    .join('');
}

/**
 * What a text is marked with: the errata entries its `ERRATA E<n>` mentions link to (their routes are the
 * page's or the reference's), the derived codes and the codes that are this description's own rule at some
 * statuses. The page and the reference each make one with {@link marksOf} and mark text with {@link markText}.
 */
export interface Marks {
  readonly entries: ErratumEntry[];
  readonly derived: DerivedCodes;
  readonly own: OwnCodeRule[];
}

/** The marks of `document` given the errata `entries` (with the routes the links are to take). */
export function marksOf(document: Node, entries: ErratumEntry[]): Marks {
  return { entries, derived: derivedErrorCodes(document, entries), own: ownCodeRules(entries) };
}

/** Marks a Markdown text: links to the errata entries, then derived codes, then this description's own codes. */
export function markText(markdown: string, marks: Marks): string {
  return markOwnCodes(markDerivedCodes(linkErrataMentions(markdown, marks.entries), marks.derived), marks.own);
}

/**
 * Applies the page's annotations to every Markdown `description` of the document (in place), except inside
 * `skip` (the errata section, which explains them), and notes derived codes on the examples that carry them.
 */
export function annotateDocument(document: Node, marks: Marks, skip: (node: Node) => boolean = () => false): void {
  const { derived } = marks;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const object = node as Node;
    if (skip(object)) return;
    if (typeof object.description === 'string') {
      object.description = markText(unwrapSoftBreaks(object.description), marks);
    }
    // An example whose value is an error body with a derived code.
    const value = object.value as Node | undefined;
    if (value && typeof value === 'object' && typeof value.error === 'string' && derived.codes.includes(value.error)) {
      const note = `**Derived code:** no source prints \`${value.error}\`; it is derived from the exception's name as the service names its codes${derived.entry ? ` ([ERRATA ${derived.entry.id}](${derived.entry.route}))` : ''}.`;
      object.description = typeof object.description === 'string' && object.description ? `${object.description}\n\n${note}` : note;
    }
    for (const [key, child] of Object.entries(object)) {
      if (key !== 'description' && key !== 'value') visit(child);
    }
  };
  visit(document);
}

/** An error code that, at some statuses, is this description's own rule (no source states it there). */
export interface OwnCodeRule {
  code: string;
  statuses: string[];
  /** The erratum that says so. */
  entry: ErratumEntry;
}

/**
 * The codes the errata call this description's own at some statuses: from a sentence that says "this
 * description's own" and names statuses and a code (`the 415 answer with \`web_application\` is **this
 * description's own** rule`), or one that says which statuses carry a code (`413 and 415 carry
 * \`web_application\``).
 */
export function ownCodeRules(entries: ErratumEntry[]): OwnCodeRule[] {
  const rules = new Map<string, OwnCodeRule>();
  const add = (code: string, statuses: string[], entry: ErratumEntry): void => {
    const rule = rules.get(code) ?? { code, statuses: [], entry };
    rule.statuses = [...new Set([...rule.statuses, ...statuses])].sort();
    rules.set(code, rule);
  };
  for (const entry of entries) {
    for (const sentence of entry.body.replace(/\s+/g, ' ').split(/(?<=[.;])\s+(?=[A-Z*])/)) {
      const codes = [...new Set([...sentence.matchAll(/`([a-z][a-z0-9]*_[a-z0-9_]+)`/g)].map((m) => m[1] as string))];
      if (/this description's own/.test(sentence)) {
        const statuses = [...sentence.matchAll(/\b([45]\d\d)\b/g)].map((m) => m[1] as string);
        if (statuses.length > 0 && codes.length === 1) add(codes[0] as string, statuses, entry);
      }
      for (const match of sentence.matchAll(/\b([45]\d\d)((?:(?:,\s*|\s+and\s+)[45]\d\d)*)\s+carry\s+`([a-z][a-z0-9_]*)`/g)) {
        add(match[3] as string, [match[1] as string, ...[...(match[2] ?? '').matchAll(/[45]\d\d/g)].map((m) => m[0])], entry);
      }
    }
  }
  return [...rules.values()];
}

/** The mark put after a code where it stands for one of the statuses at which it is this description's own. */
export const ownMark = (rule: OwnCodeRule): string => ` *(at ${rule.statuses.join(' and ')}: this description's own rule, [ERRATA ${rule.entry.id}](${rule.entry.route}))*`;

/** Marks, once per line outside fenced code, a code named on a line that also names one of its own statuses. */
export function markOwnCodes(markdown: string, rules: OwnCodeRule[]): string {
  if (rules.length === 0) return markdown;
  let fenced = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced) return line;
      let out = line;
      for (const rule of rules) {
        const span = `\`${rule.code}\``;
        const at = out.indexOf(span);
        if (at < 0 || out.includes(ownMark(rule))) continue;
        if (!rule.statuses.some((s) => new RegExp(`\\b${s}\\b`).test(out))) continue;
        out = `${out.slice(0, at + span.length)}${ownMark(rule)}${out.slice(at + span.length)}`;
      }
      return out;
    })
    .join('\n');
}
