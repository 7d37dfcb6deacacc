import { MemoryLeaseStore } from "../../src/supervision/memory-lease-store.ts";
import { describeLeaseStore } from "./lease-store.suite.ts";

describeLeaseStore("MemoryLeaseStore", async () => ({ store: new MemoryLeaseStore(), close: async () => {} }));
