// The page's own script for keyboard and screen-reader readers, inlined by src/build.ts before </body> (plain
// ES5-style browser JavaScript: no build step, no network, no timers; work is done on DOM changes and key
// presses, and waits for Redoc's next render with requestAnimationFrame). It does what Redoc 3 does not:
// - the skip link (template.hbs) moves the focus to the content, not to a hash route;
// - heading anchors get readable names: `Link to "Errors"`, not Redoc's "link to section/errors";
// - Redoc's drop-down menus (the code-sample picker, the Example picker, ...) work from the keyboard: Enter,
//   Space or ArrowDown on the button opens the menu on its selected item, ArrowUp/ArrowDown/Home/End move,
//   Enter or Space chooses, Escape closes; the focus returns to the button;
// - the code-sample picker and the Example picker of a request stay in step: choosing the example
//   "One conversation: ..." shows the sample "curl: One conversation: ..." (same language), and the reverse.
(() => {
  const SAMPLE_LABEL = /^(curl|TypeScript):\s*/;

  function text(element) {
    return (element.textContent || '').replace(/\s+/g, ' ').trim();
  }
  function visible(element) {
    return !!element && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
  }
  /** Calls `check` on each of the next frames until it returns true (at most `frames` frames). */
  function untilFrame(check, frames, done) {
    let left = frames;
    function step() {
      if (check()) return;
      left -= 1;
      if (left > 0) requestAnimationFrame(step);
      else if (done) done();
    }
    requestAnimationFrame(step);
  }

  // --- The skip link -------------------------------------------------------------------------------------
  const skip = document.getElementById('skip-link');
  if (skip) {
    skip.addEventListener('click', (event) => {
      const main = document.querySelector('#redoc main') || document.getElementById('redoc');
      if (!main) return;
      event.preventDefault();
      if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
      main.focus();
      main.scrollIntoView();
    });
  }

  // --- Readable names for the anchors of headings and fields -------------------------------------------------
  // Redoc names each "#" anchor after its route ("link to section/errors", "link to t=request&path=nickname").
  // The name says what it links to: "Errors: permanent link", "nickname in the request body: permanent link".
  function anchorName(anchor) {
    const href = decodeURIComponent(anchor.getAttribute('href') || '');
    const field = /[?&/]path=([^&]*)$/.exec(href);
    if (field) {
      const where = /t=response&c=(\w+)/.exec(href);
      const inPart = /in=(\w+)/.exec(href);
      const place = where ? `the ${where[1]} answer` : inPart ? `the ${inPart[1]} parameters` : 'the request body';
      return `${field[1].replace(/\//g, '.')} in ${place}: permanent link`;
    }
    const heading = anchor.closest('h1, h2, h3, h4, h5, h6');
    let title = heading ? text(heading) : '';
    if (!title) title = (href.split('/').pop() || '').replace(/[-_]+/g, ' ').trim();
    return `${title}: permanent link`;
  }
  function nameAnchors(root) {
    const anchors = root.querySelectorAll('a[aria-label^="link to "]');
    for (let i = 0; i < anchors.length; i += 1) anchors[i].setAttribute('aria-label', anchorName(anchors[i]));
  }

  // --- Drop-down menus from the keyboard ---------------------------------------------------------------------
  let lastTrigger = null;
  let pendingOpen = null;

  function openMenu() {
    const menus = document.querySelectorAll('[role="menu"]');
    for (let i = menus.length - 1; i >= 0; i -= 1) if (visible(menus[i])) return menus[i];
    return null;
  }
  function items(menu) {
    return Array.prototype.filter.call(menu.querySelectorAll('[role="menuitem"]'), visible);
  }
  /** The item whose text is the button's label (the selected one), or -1. */
  function selectedIndex(list, trigger) {
    const label = trigger ? text(trigger) : '';
    for (let i = 0; i < list.length; i += 1) {
      if (list[i].getAttribute('aria-checked') === 'true' || list[i].getAttribute('aria-selected') === 'true') return i;
    }
    for (let j = 0; j < list.length; j += 1) if (label && text(list[j]) === label) return j;
    return -1;
  }
  function focusItem(list, index) {
    if (list.length === 0) return;
    const item = list[(index + list.length) % list.length];
    if (!item.hasAttribute('tabindex')) item.setAttribute('tabindex', '-1');
    item.focus();
  }
  function isTrigger(element) {
    return !!element && element.tagName === 'BUTTON' && element.getAttribute('aria-haspopup') === 'menu';
  }
  function closeMenu(trigger) {
    if (trigger && trigger.getAttribute('aria-expanded') === 'true') trigger.click();
    else document.body.click();
    if (trigger)
      untilFrame(
        () => {
          if (openMenu()) return false;
          trigger.focus();
          return true;
        },
        30,
        () => {
          if (trigger) trigger.focus();
        },
      );
  }

  document.addEventListener(
    'keydown',
    (event) => {
      const target = document.activeElement;
      const key = event.key;
      if (isTrigger(target)) {
        lastTrigger = target;
        const expanded = target.getAttribute('aria-expanded') === 'true';
        if (!expanded && (key === 'Enter' || key === ' ' || key === 'ArrowDown' || key === 'ArrowUp')) {
          if (key === 'ArrowDown' || key === 'ArrowUp') {
            event.preventDefault();
            target.click();
          }
          // Enter and Space open it themselves (a click); then the focus goes to the selected item.
          const trigger = target;
          pendingOpen = trigger;
          untilFrame(() => {
            if (pendingOpen !== trigger) return true;
            const menu = openMenu();
            if (!menu || trigger.getAttribute('aria-expanded') !== 'true') return false;
            const list = items(menu);
            if (list.length === 0) return false;
            pendingOpen = null;
            const at = selectedIndex(list, trigger);
            focusItem(list, Math.max(at, 0));
            return true;
          }, 60);
          return;
        }
        if (expanded && (key === 'ArrowDown' || key === 'ArrowUp')) {
          const menuNow = openMenu();
          if (!menuNow) return;
          event.preventDefault();
          pendingOpen = null;
          const listNow = items(menuNow);
          const from = selectedIndex(listNow, target);
          focusItem(listNow, key === 'ArrowDown' ? from + 1 : from < 0 ? -1 : from - 1);
          return;
        }
        if (expanded && key === 'Escape') {
          event.preventDefault();
          pendingOpen = null;
          closeMenu(target);
        }
        return;
      }
      const item = target?.closest ? target.closest('[role="menuitem"]') : null;
      const menu = item ? item.closest('[role="menu"]') : null;
      if (!item || !menu) return;
      const list = items(menu);
      const index = list.indexOf(item);
      if (key === 'ArrowDown' || key === 'ArrowUp' || key === 'Home' || key === 'End') {
        event.preventDefault();
        event.stopPropagation();
        focusItem(list, key === 'Home' ? 0 : key === 'End' ? list.length - 1 : key === 'ArrowDown' ? index + 1 : index - 1);
      } else if (key === 'Enter' || key === ' ') {
        event.preventDefault();
        event.stopPropagation();
        const owner = lastTrigger;
        (item.querySelector('button, a, [role="button"]') || item).click();
        if (owner)
          untilFrame(() => {
            if (openMenu()) return false;
            owner.focus();
            return true;
          }, 30);
      } else if (key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        closeMenu(lastTrigger);
      } else if (key === 'Tab') {
        closeMenu(lastTrigger);
      }
    },
    true,
  );
  document.addEventListener(
    'mousedown',
    (event) => {
      const trigger = event.target?.closest ? event.target.closest('button[aria-haspopup="menu"]') : null;
      if (trigger) lastTrigger = trigger;
    },
    true,
  );

  // --- The code-sample picker in step with the Example picker ------------------------------------------------
  let pairs = [];
  let syncing = false;

  /** The code-sample picker of the request-samples panel an Example picker is in (response panels have none). */
  function samplePickerOf(exampleButton) {
    const panel = exampleButton.closest('.panel-request-samples');
    if (!panel) return null;
    const buttons = panel.querySelectorAll('button[aria-haspopup="menu"]');
    for (let i = 0; i < buttons.length; i += 1) if (SAMPLE_LABEL.test(text(buttons[i]))) return buttons[i];
    return null;
  }
  /** Opens `trigger`'s menu, chooses the item whose text is `label`, and gives the focus back. */
  function choose(trigger, label, done) {
    const focused = document.activeElement;
    syncing = true;
    trigger.click();
    untilFrame(
      () => {
        const menu = openMenu();
        if (!menu) return false;
        const list = items(menu);
        let i = 0;
        for (; i < list.length; i += 1) {
          if (text(list[i]) === label) {
            list[i].click();
            break;
          }
        }
        if (i === list.length) closeMenu(trigger);
        untilFrame(
          () => {
            if (openMenu()) return false;
            syncing = false;
            if (focused && focused !== document.body && document.contains(focused)) focused.focus();
            done();
            return true;
          },
          30,
          () => {
            syncing = false;
            done();
          },
        );
        return true;
      },
      60,
      () => {
        syncing = false;
        done();
      },
    );
  }
  function syncPickers() {
    if (syncing) return;
    const examples = document.querySelectorAll('#redoc .panel-request-samples button[aria-label="Example"][aria-haspopup="menu"]');
    for (let i = 0; i < examples.length; i += 1) {
      const example = examples[i];
      let pair = null;
      for (let p = 0; p < pairs.length; p += 1) if (pairs[p].example === example) pair = pairs[p];
      if (!pair) {
        const sample = samplePickerOf(example);
        if (!sample) continue;
        pair = { example: example, sample: sample, exampleLabel: text(example), sampleLabel: text(sample) };
        pairs.push(pair);
      }
      if (!document.contains(pair.sample)) pair.sample = samplePickerOf(example) || pair.sample;
      const exampleLabel = text(pair.example);
      const sampleLabel = text(pair.sample);
      const language = SAMPLE_LABEL.exec(sampleLabel);
      const summary = sampleLabel.replace(SAMPLE_LABEL, '');
      const changedExample = exampleLabel !== pair.exampleLabel;
      const changedSample = sampleLabel !== pair.sampleLabel;
      pair.exampleLabel = exampleLabel;
      pair.sampleLabel = sampleLabel;
      if (!language || summary === exampleLabel) continue;
      const current = pair;
      if (changedSample) choose(current.example, summary, refresh(current));
      else if (changedExample) choose(current.sample, `${language[1]}: ${exampleLabel}`, refresh(current));
      return; // one at a time: the next change of the page continues
    }
    pairs = pairs.filter((p) => document.contains(p.example));
  }
  function refresh(pair) {
    return () => {
      pair.exampleLabel = text(pair.example);
      pair.sampleLabel = text(pair.sample);
    };
  }

  let scheduled = false;
  function update() {
    scheduled = false;
    const redoc = document.getElementById('redoc');
    if (!redoc) return;
    nameAnchors(redoc);
    // The skip link points at the current route: with JavaScript it moves the focus (above); opened in a new
    // tab, or without JavaScript, it lands on the same route (a hash of its own would be a route Redoc lacks).
    if (skip && skip.getAttribute('href') !== (location.hash || '#/')) skip.setAttribute('href', location.hash || '#/');
    syncPickers();
  }
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(update);
  }
  new MutationObserver(schedule).observe(document.getElementById('redoc') || document.body, {
    childList: true,
    subtree: true,
    characterData: true,
  });
  addEventListener('hashchange', schedule);
  schedule();
})();
