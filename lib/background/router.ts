/**
 * The background's answer to every message: checks who is asking, validates the request with zod, then
 * delegates. A forged or malformed message gets a readable error and changes nothing.
 */
import { browser } from 'wxt/browser';
import { handlers, type Sender } from './handlers/index';
import { CONTENT_SCRIPT_MESSAGES, requestSchemas, type MessageType, type Reply, type ResponseMap } from '../protocol/messages';
// Readable issue messages in the replies below (zod/mini ships none).
import '../i18n/zod-issues';
import { t } from '../i18n/t';

/** True when the sender is one of the extension's own pages (popup, options), not a content script. */
function isExtensionPage(sender: Sender): boolean {
  const base = browser.runtime.getURL('/');
  return (sender.url ?? '').startsWith(base);
}

function isMessageType(type: unknown): type is MessageType {
  return typeof type === 'string' && Object.hasOwn(requestSchemas, type);
}

export async function routeMessage(message: unknown, sender: Sender): Promise<Reply<MessageType>> {
  if (sender.id !== browser.runtime.id) return { ok: false, error: t('messagingOtherExtension') };
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  if (!isMessageType(type)) return { ok: false, error: t('messagingUnknownType', JSON.stringify(type ?? null).slice(0, 60)) };
  if (!isExtensionPage(sender) && !CONTENT_SCRIPT_MESSAGES.has(type)) {
    return { ok: false, error: t('messagingNotForPages', type) };
  }
  const parsed = requestSchemas[type].safeParse((message as { data?: unknown }).data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: t('messagingInvalidRequest', type, issue?.path.join('.') || t('messagingRequestData'), issue?.message ?? '').trim() };
  }
  try {
    const handler = handlers[type] as (data: unknown, sender: Sender) => Promise<ResponseMap[MessageType]>;
    return { ok: true, data: await handler(parsed.data, sender) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : t('messagingUnexpected') };
  }
}
