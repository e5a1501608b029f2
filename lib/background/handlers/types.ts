/** The shape every message handler has: the request as its schema parsed it, the sender, the typed reply. */
import type { Browser } from 'wxt/browser';
import type { MessageType, requestSchemas, ResponseMap } from '../../protocol/messages';

export type Sender = Browser.runtime.MessageSender;

export type Handlers = {
  [K in MessageType]: (data: ReturnType<(typeof requestSchemas)[K]['parse']>, sender: Sender) => Promise<ResponseMap[K]>;
};
