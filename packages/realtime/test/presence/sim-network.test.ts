import { pubsubSuite } from "../pubsub/pubsub.suite.ts";
import { SimNetwork } from "./sim-network.ts";

// The simulated bus must honour the same contract as the real adapters, or the
// presence property tests would prove things about a bus that does not exist.
pubsubSuite("simulated network", {
  maxNodes: 3,
  async create(count) {
    const network = new SimNetwork({ seed: 7 });
    return Array.from({ length: count }, (_, i) => network.node(`n${i}`));
  },
});
