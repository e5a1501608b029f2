/**
 * `browser.declarativeNetRequest` for the unit tests' fake browser, and what its rules do to a request, so the
 * unit tests' fetch (fetch.ts) changes headers the way Chromium does for the real build: only requests whose host
 * and initiator a rule names, only the resource types it lists. fake-browser has no declarativeNetRequest.
 * Only `modifyHeaders` on request headers is modelled; other actions are refused loudly, not ignored.
 */
/**
 * The part of a DNR rule the fake reads. Written out here because the code's rules are typed with Chrome's types
 * (wxt/browser) and the fake browser with webextension-polyfill's, which disagree on small things; both fit this.
 */
export interface Rule {
  id: number;
  priority?: number;
  condition: {
    requestDomains?: string[];
    excludedRequestDomains?: string[];
    initiatorDomains?: string[];
    excludedInitiatorDomains?: string[];
    resourceTypes?: string[];
    excludedResourceTypes?: string[];
    urlFilter?: string;
    regexFilter?: string;
  };
  action: { type: string; requestHeaders?: { header: string; operation: string; value?: string }[] };
}

interface RuleUpdate {
  removeRuleIds?: number[];
  addRules?: Rule[];
}

export interface FakeDnr {
  getDynamicRules: (filter?: { ruleIds?: number[] }) => Promise<Rule[]>;
  updateDynamicRules: (options: RuleUpdate) => Promise<void>;
  /** The rules now in force, for assertions. */
  rules: () => Rule[];
  /** Every `updateDynamicRules` call, in order. */
  readonly updates: RuleUpdate[];
}

export function createFakeDnr(): FakeDnr {
  let rules: Rule[] = [];
  const updates: FakeDnr['updates'] = [];
  return {
    getDynamicRules: (filter) =>
      Promise.resolve(structuredClone(filter?.ruleIds ? rules.filter((r) => filter.ruleIds?.includes(r.id)) : rules)),
    updateDynamicRules(options) {
      updates.push(structuredClone(options));
      const remaining = rules.filter((r) => !(options.removeRuleIds ?? []).includes(r.id));
      for (const rule of options.addRules ?? []) {
        // Chrome rejects the whole update on a duplicate id, an unsupported action or a bad header.
        if (remaining.some((r) => r.id === rule.id)) return Promise.reject(new Error(`Rule with id ${rule.id} already exists.`));
        if (rule.action.type !== 'modifyHeaders') return Promise.reject(new Error(`The fake DNR models modifyHeaders only, not ${rule.action.type}.`));
        remaining.push(structuredClone(rule));
      }
      rules = remaining;
      return Promise.resolve();
    },
    rules: () => structuredClone(rules),
    updates,
  };
}

/** `host` is `domain` or one of its subdomains (how requestDomains and initiatorDomains match). */
function inDomains(domains: readonly string[], host: string): boolean {
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

export interface DnrRequest {
  url: string;
  /** Host of the initiator's origin (the extension's id for the worker's own fetches). */
  initiatorHost: string;
  /** Chromium calls a fetch() from a worker or page `xmlhttprequest`. */
  type: string;
}

function matches(rule: Rule, request: DnrRequest): boolean {
  const c = rule.condition;
  const host = new URL(request.url).hostname;
  if (c.requestDomains && !inDomains(c.requestDomains, host)) return false;
  if (c.excludedRequestDomains && inDomains(c.excludedRequestDomains, host)) return false;
  if (c.initiatorDomains && !inDomains(c.initiatorDomains, request.initiatorHost)) return false;
  if (c.excludedInitiatorDomains && inDomains(c.excludedInitiatorDomains, request.initiatorHost)) return false;
  if (c.resourceTypes && !c.resourceTypes.includes(request.type)) return false;
  if (c.excludedResourceTypes?.includes(request.type)) return false;
  if (c.urlFilter !== undefined || c.regexFilter !== undefined) throw new Error('The fake DNR does not model urlFilter or regexFilter.');
  return true;
}

/** Applies every matching rule's request-header changes to `headers` (lower-case names), highest priority first. */
export function applyRequestRules(rules: readonly Rule[], request: DnrRequest, headers: Record<string, string>): Record<string, string> {
  const out = new Map(Object.entries(headers));
  const ordered = rules.filter((rule) => matches(rule, request)).sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1));
  const decided = new Set<string>();
  for (const rule of ordered) {
    for (const change of rule.action.requestHeaders ?? []) {
      const name = change.header.toLowerCase();
      // A header a higher-priority rule set or removed is not changed again (Chrome's precedence).
      if (decided.has(name)) continue;
      const before = out.get(name);
      if (change.operation === 'remove') out.delete(name);
      else if (change.operation === 'set') out.set(name, change.value ?? '');
      else out.set(name, before === undefined ? (change.value ?? '') : `${before}, ${change.value ?? ''}`);
      if (change.operation !== 'append') decided.add(name);
    }
  }
  return Object.fromEntries(out);
}

let current: { dnr: FakeDnr; extensionHost: string } | undefined;

/**
 * The fake browser's DNR for this test (installed by tests/unit/setup.ts before each test); `extensionHost` is the
 * fake extension's origin host, the initiator of every request the code under test sends.
 */
export function installFakeDnr(extensionHost: string): FakeDnr {
  current = { dnr: createFakeDnr(), extensionHost };
  return current.dnr;
}

/** This test's fake DNR (the one behind `fakeBrowser.declarativeNetRequest`). */
export function currentFakeDnr(): FakeDnr {
  if (current === undefined) throw new Error('no fake DNR installed: tests/unit/setup.ts installs one before each test');
  return current.dnr;
}

/** What this test's fake browser does to a fetch the extension sends: `headers` after its DNR rules. */
export function extensionFetchHeaders(url: string, headers: Record<string, string>): Record<string, string> {
  if (current === undefined) return headers;
  return applyRequestRules(current.dnr.rules(), { url, initiatorHost: current.extensionHost, type: 'xmlhttprequest' }, headers);
}
