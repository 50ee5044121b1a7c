/**
 * What the sandbox remembers (apps, users, push settings, templates), in memory and bounded.
 *
 * Every level is a least-recently-used map with a cap, and two global budgets bound the whole: the number of
 * entries (users + settings slots + templates) and the characters of the stored template patterns. When a
 * cap is passed, the least recently used app (never the one being served) is forgotten first; when only the
 * app being served is left, its least recently used template or user is. Reading never creates state: a GET
 * of a user or an app the sandbox has never seen answers as the service does and stores nothing.
 */

/** The caps of the sandbox's memory. Every one is a count, except `maxTemplateChars`. */
export interface StateLimits {
  /** Apps (`org_name#app_name`) remembered. Default 1,000. */
  maxApps: number;
  /** Users remembered per app. Default 10,000. */
  maxUsersPerApp: number;
  /** Push-settings slots (the app level and one per conversation) remembered per user. Default 100. */
  maxSettingsPerUser: number;
  /** Templates remembered per app. Default 1,000. */
  maxTemplatesPerApp: number;
  /** Users + settings slots + templates over all apps. Default 200,000. */
  maxEntries: number;
  /** Characters of template names and patterns over all apps. Default 16 Mi (about 16-32 MB of heap). */
  maxTemplateChars: number;
  /** Rate-limit windows (one per App Key and budget) kept at once; expired ones are swept first. Default 100,000. */
  maxWindows: number;
}

/** The default caps (see {@link StateLimits}). */
export const DEFAULT_LIMITS: Readonly<StateLimits> = Object.freeze({
  maxApps: 1_000,
  maxUsersPerApp: 10_000,
  maxSettingsPerUser: 100,
  maxTemplatesPerApp: 1_000,
  maxEntries: 200_000,
  maxTemplateChars: 16 * 1024 * 1024,
  maxWindows: 100_000,
});

/**
 * A push-settings slot: the fields its write stored (the request fields its answer also names, see
 * `operations.ts`), e.g. `type`, `ignoreInterval`, `ignoreDuration` (the Unix time in ms when DND ends).
 */
export type PushSettingsState = Record<string, unknown>;

export interface UserState {
  uuid: string;
  created: number;
  modified: number;
  /** The user ID as first seen (user IDs are case-insensitive: the store is keyed by the lowercase form). */
  name?: string;
  /**
   * The fields the user update stored (`nickname`, `notification_display_style`, and the legacy daily
   * do-not-disturb fields, deprecated: ERRATA E23).
   */
  profile: Record<string, unknown>;
  language?: string;
  /** Push settings by `type/key` (the app level is `user/<username>`). */
  settings: Map<string, PushSettingsState>;
}

export interface TemplateState {
  name: string;
  createAt: number;
  updateAt: number;
  title_pattern: string;
  content_pattern: string;
}

export interface AppState {
  users: Map<string, UserState>;
  templates: Map<string, TemplateState>;
  /** Users + settings slots + templates of this app. */
  entries: number;
  /** Characters of this app's template names and patterns. */
  templateChars: number;
}

/** How much the sandbox holds: what the caps bound. */
export interface StateStats {
  apps: number;
  users: number;
  settings: number;
  templates: number;
  templateChars: number;
  /** Rate-limit windows (filled in by the core). */
  windows: number;
}

/** Gets a value and marks it most recently used (a Map iterates in insertion order: the first is the LRU). */
function touch<K, V>(map: Map<K, V>, key: K): V | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

const firstKey = <K>(map: Map<K, unknown>): K | undefined => map.keys().next().value;

const charsOf = (t: TemplateState): number => t.name.length + t.title_pattern.length + t.content_pattern.length;

/** The state store. `uuid` makes the ids of new apps and users. */
export function createState(limits: StateLimits, uuid: () => string) {
  let apps = new Map<string, AppState>();
  let entries = 0;
  let templateChars = 0;

  const count = (app: AppState, delta: number, chars = 0): void => {
    app.entries += delta;
    entries += delta;
    app.templateChars += chars;
    templateChars += chars;
  };

  const dropApp = (appKey: string): void => {
    const app = apps.get(appKey);
    if (!app) return;
    apps.delete(appKey);
    entries -= app.entries;
    templateChars -= app.templateChars;
  };

  const dropUser = (app: AppState, username: string): void => {
    const user = app.users.get(username);
    if (!user) return;
    app.users.delete(username);
    count(app, -(1 + user.settings.size));
  };

  const dropTemplate = (app: AppState, name: string): void => {
    const template = app.templates.get(name);
    if (!template) return;
    app.templates.delete(name);
    count(app, -1, -charsOf(template));
  };

  /** Brings the global budgets back under their caps; `current` is forgotten last. */
  const enforce = (current: AppState): void => {
    while (entries > limits.maxEntries || templateChars > limits.maxTemplateChars) {
      const lru = firstKey(apps);
      if (lru !== undefined && apps.get(lru) !== current) {
        dropApp(lru);
        continue;
      }
      // Only the app being served is left (it is the most recently used): trim it.
      if (templateChars > limits.maxTemplateChars && current.templates.size > 0) {
        dropTemplate(current, firstKey(current.templates)!);
      } else if (current.users.size > 0) {
        dropUser(current, firstKey(current.users)!);
      } else if (current.templates.size > 0) {
        dropTemplate(current, firstKey(current.templates)!);
      } else {
        break;
      }
    }
  };

  return {
    /** The app, if the sandbox has seen it. */
    peekApp: (appKey: string): AppState | undefined => touch(apps, appKey),

    /** The app, created when new (the least recently used is forgotten past `maxApps`). */
    app(appKey: string): AppState {
      let app = touch(apps, appKey);
      if (!app) {
        app = { users: new Map(), templates: new Map(), entries: 0, templateChars: 0 };
        apps.set(appKey, app);
        while (apps.size > limits.maxApps) dropApp(firstKey(apps)!);
      }
      return app;
    },

    peekUser: (app: AppState, username: string): UserState | undefined => touch(app.users, username),

    /** The user, created when new. */
    user(app: AppState, username: string, now: number): UserState {
      let user = touch(app.users, username);
      if (!user) {
        user = { uuid: uuid(), created: now, modified: now, profile: {}, settings: new Map() };
        app.users.set(username, user);
        count(app, 1);
        while (app.users.size > limits.maxUsersPerApp) dropUser(app, firstKey(app.users)!);
        enforce(app);
      }
      return user;
    },

    getSettings: (user: UserState, slot: string): PushSettingsState | undefined => touch(user.settings, slot),

    /** Stores a slot's settings (as the most recently used) and returns them. */
    setSettings(app: AppState, user: UserState, slot: string, settings: PushSettingsState): PushSettingsState {
      const known = user.settings.has(slot);
      user.settings.delete(slot);
      user.settings.set(slot, settings);
      if (known) return settings;
      count(app, 1);
      while (user.settings.size > limits.maxSettingsPerUser) {
        user.settings.delete(firstKey(user.settings)!);
        count(app, -1);
      }
      enforce(app);
      return settings;
    },

    getTemplate: (app: AppState, name: string): TemplateState | undefined => touch(app.templates, name),

    setTemplate(app: AppState, template: TemplateState): void {
      dropTemplate(app, template.name);
      app.templates.set(template.name, template);
      count(app, 1, charsOf(template));
      while (app.templates.size > limits.maxTemplatesPerApp) dropTemplate(app, firstKey(app.templates)!);
      enforce(app);
    },

    deleteTemplate: (app: AppState, name: string): void => dropTemplate(app, name),

    stats(): Omit<StateStats, 'windows'> {
      let users = 0;
      let templates = 0;
      for (const app of apps.values()) {
        users += app.users.size;
        templates += app.templates.size;
      }
      return { apps: apps.size, users, settings: entries - users - templates, templates, templateChars };
    },

    reset(): void {
      apps = new Map();
      entries = 0;
      templateChars = 0;
    },
  };
}

export type State = ReturnType<typeof createState>;
