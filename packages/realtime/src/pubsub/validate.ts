import type { PubSubHandler, PubSubMessage } from "./pubsub.ts";

/** Input checks shared by adapters, so every adapter refuses the same bad input the same way. */
export function assertMessage(message: PubSubMessage): void {
  if (message === null || typeof message !== "object") throw new TypeError("pubsub: message must be an object");
  assertTopic(message.topic);
  if (typeof message.event !== "string") throw new TypeError("pubsub: message.event must be a string");
  if (message.from !== undefined && typeof message.from !== "string") throw new TypeError("pubsub: message.from must be a string");
}

export function assertSubscription(topic: string, handler: PubSubHandler): void {
  assertTopic(topic);
  if (typeof handler !== "function") throw new TypeError("pubsub: handler must be a function");
}

export function assertNodeId(nodeId: string): void {
  if (typeof nodeId !== "string" || nodeId === "") throw new TypeError("pubsub: nodeId must be a non-empty string");
}

function assertTopic(topic: string): void {
  if (typeof topic !== "string" || topic === "") throw new TypeError("pubsub: topic must be a non-empty string");
}
