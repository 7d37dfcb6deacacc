import { LocalPubSub } from "../../src/pubsub/local.ts";
import { pubsubSuite } from "./pubsub.suite.ts";

pubsubSuite("local", {
  maxNodes: 1,
  async create() {
    const node = new LocalPubSub();
    await node.start();
    return [node];
  },
});
