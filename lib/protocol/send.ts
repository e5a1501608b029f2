/**
 * Sending side of the message protocol, for popup, options and content scripts. Imports only types from
 * ./messages so zod is not bundled into the small entry points; the background validates every request.
 */
import { browser } from 'wxt/browser';
import type { MessageType, Reply, RequestMap, ResponseMap } from './messages';
import { t } from '../i18n/t';

export class MessageError extends Error {
  override name = 'MessageError';
}

/** Sends one typed request to the background and returns its typed response, or throws a readable error. */
export async function sendMessage<K extends MessageType>(type: K, data: RequestMap[K]): Promise<ResponseMap[K]> {
  const reply: Reply<K> | undefined = await browser.runtime.sendMessage({ type, data });
  if (!reply) throw new MessageError(t('messagingNoAnswer', type));
  if (!reply.ok) throw new MessageError(reply.error);
  return reply.data;
}
