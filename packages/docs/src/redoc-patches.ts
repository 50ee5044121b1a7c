/**
 * Changes to the Redoc 3 bundle that `redocly build-docs --inlineBundle` inlines in the page, for what no Redoc
 * option offers. Each patch names what it finds in the minified bundle and why; the build fails, naming the
 * patch, when Redoc no longer has what a patch expects (then re-check what it was for; the browser tests in
 * test/docs say whether the page still does what the patch gave it).
 */

export interface RedocPatch {
  /** What the patch is for, in a sentence (the build error quotes it). */
  why: string;
  find: RegExp;
  replace: string;
}

export const REDOC_PATCHES: readonly RedocPatch[] = [
  {
    // Nested properties get a colour per depth for their name and left border, nine hex colours hard-coded for
    // both colour modes: #615CEA gives 3.1:1 on the dark background, #08CC7A 2.1:1 on the light one. CSS cannot
    // override a colour per depth, so the palette becomes CSS variables that template.hbs sets per mode.
    why: 'nested property names coloured per depth with text contrast in both modes',
    find: /\[`#9D00FF`,`#615CEA`,`#147DF5`,`#08BFCC`,`#08CC7A`,`#81CC08`,`#E5BE00`,`#FF8700`,`#FF00B8`\]/,
    replace: `[${Array.from({ length: 9 }, (_, i) => `\`var(--schema-level-color-${i})\``).join(',')}]`,
  },
  {
    // The page actions of every heading offer "Open in Claude" and "Open in ChatGPT": they send the page's
    // description URL to a third-party service, which is useless offline (a file: URL) and at odds with a page
    // that sends nothing anywhere. Without a description URL Redoc shows the local "Copy" button alone: so it
    // always does.
    why: 'the page actions without "Open in Claude/ChatGPT" (the local Copy button stays)',
    find: /if\(!([A-Za-z_$][\w$]*)\.specUrl\)return/,
    replace: 'if(!0)return',
  },
  {
    why: 'no Claude or ChatGPT entry left in the (now unreachable) page-actions menu',
    find: /,\{buttonText:[A-Za-z_$][\w$]*\(`page\.actions\.claudeButtonText`[\s\S]{0,800}?\(`chatgpt`\)\}/,
    replace: '',
  },
  {
    why: 'no URL of a third-party AI service in the page',
    find: /\{chatgpt:`https:\/\/chatgpt\.com`,claude:`https:\/\/claude\.ai\/new`\}/,
    replace: '{}',
  },
  {
    why: 'no name of a third-party AI service in the page (an unused constant)',
    find: /\{CURSOR:`cursor`,CLAUDE:`claude`,CHATGPT:`chatgpt`\}/,
    replace: '{}',
  },
  {
    // Redoc's "connect an MCP server" menu (shown only for descriptions with `x-mcp`, so never here) builds a
    // claude.ai link; it becomes an empty one so that no third-party AI address is left in the page.
    why: 'no claude.ai address in the (unused) MCP connector links',
    find: /`https:\/\/claude\.ai\/customize\/connectors\?[^`]*`/,
    replace: '``',
  },
];

/** Applies every patch once; throws naming the patches whose text is not in the page. */
export function patchRedoc(html: string, patches: readonly RedocPatch[] = REDOC_PATCHES): string {
  let out = html;
  const missing: string[] = [];
  for (const patch of patches) {
    const match = patch.find.exec(out);
    if (!match) {
      missing.push(`${patch.why} (looked for ${String(patch.find).slice(0, 80)})`);
      continue;
    }
    out = `${out.slice(0, match.index)}${patch.replace}${out.slice(match.index + match[0].length)}`;
  }
  if (missing.length > 0) {
    throw new Error(
      `the Redoc bundle changed: src/redoc-patches.ts did not find what these patches change:\n- ${missing.join('\n- ')}\nCheck what each was for (its comment) and update or remove it.`,
    );
  }
  return out;
}

/** Links or names of third-party AI services a page must not carry (the test of the site checks every file). */
export const THIRD_PARTY_AI = /chatgpt\.com|claude\.ai|openai\.com|open in (?:chatgpt|claude)/i;
