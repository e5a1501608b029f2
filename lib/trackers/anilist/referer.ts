/**
 * AniList's Referer gate (API-FACTS §A "Referer gate", Med): since about 2026-08-22 graphql.anilist.co answers 403
 * "temporarily disabled" to any request that carries no `Referer`; any value passes, `Origin` alone does not.
 * `fetch()` cannot set a Referer (a forbidden header; `referrer` only takes same-origin URLs), so one
 * declarativeNetRequest rule sets it: on requests to graphql.anilist.co whose initiator is this extension's own
 * origin, and nothing else. Pages the user browses (anilist.co's own site included) are never touched, nor is any
 * other host. The rule is dynamic, not static, because the extension's origin is only known at run time (Firefox
 * gives every install its own moz-extension UUID).
 */
import { browser, type Browser } from 'wxt/browser';

type Rule = Browser.declarativeNetRequest.Rule;

/** The page AniList's own web client sends from; the gate accepts any value, this one is honest about the service. */
export const ANILIST_REFERER = 'https://anilist.co/';
export const ANILIST_API_HOST = 'graphql.anilist.co';
/** Our only dynamic rule id; kept stable so an update replaces the rule instead of adding a second. */
export const REFERER_RULE_ID = 1;

/** The rule for an extension whose pages and worker live at `extensionHost` (its id, or its moz-extension UUID). */
export function aniListRefererRule(extensionHost: string): Rule {
  return {
    id: REFERER_RULE_ID,
    priority: 1,
    condition: {
      requestDomains: [ANILIST_API_HOST],
      // Only what this extension sends: the initiator of a service-worker or extension-page fetch is its origin.
      initiatorDomains: [extensionHost],
      // fetch() from a worker or page is `xmlhttprequest` in Chrome and Firefox alike.
      resourceTypes: ['xmlhttprequest'],
    },
    action: {
      type: 'modifyHeaders',
      requestHeaders: [{ header: 'Referer', operation: 'set', value: ANILIST_REFERER }],
    },
  };
}

/** The host part of this extension's own origin (`chrome-extension://<id>/`, `moz-extension://<uuid>/`). */
export function extensionHost(): string {
  return new URL(browser.runtime.getURL('/')).hostname;
}

/** Whether `rule` is ours as `wanted` describes it (browsers may add defaults to a stored rule, so compare what matters). */
function sameRule(rule: Rule, wanted: Rule): boolean {
  const header = rule.action.requestHeaders?.[0];
  return (
    rule.action.type === wanted.action.type &&
    rule.action.requestHeaders?.length === 1 &&
    header?.header.toLowerCase() === 'referer' &&
    header.operation === 'set' &&
    header.value === ANILIST_REFERER &&
    JSON.stringify(rule.condition.requestDomains) === JSON.stringify(wanted.condition.requestDomains) &&
    JSON.stringify(rule.condition.initiatorDomains) === JSON.stringify(wanted.condition.initiatorDomains) &&
    JSON.stringify(rule.condition.resourceTypes) === JSON.stringify(wanted.condition.resourceTypes)
  );
}

/**
 * Makes sure the rule is in place before an AniList request goes out. Dynamic rules survive restarts and updates,
 * so this is nearly always one look (no write); when the rule is missing or outdated it is replaced atomically.
 * Resolves to whether the rule is in place; never rejects: without it AniList answers 403, which reads as
 * "AniList's API is unavailable" and is retried like an outage, and the next request tries again.
 */
export async function ensureAniListReferer(): Promise<boolean> {
  try {
    const wanted = aniListRefererRule(extensionHost());
    const dnr = browser.declarativeNetRequest;
    const current = (await dnr.getDynamicRules()).find((rule) => rule.id === REFERER_RULE_ID);
    if (current !== undefined && sameRule(current, wanted)) return true;
    await dnr.updateDynamicRules({ removeRuleIds: [REFERER_RULE_ID], addRules: [wanted] });
    return true;
  } catch {
    return false;
  }
}
