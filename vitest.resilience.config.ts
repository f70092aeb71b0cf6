import { defineConfig } from "vitest/config";

// The slow resilience tests (faults, fuzzing, crash safety, secret scan): `npm run test:resilience`.
export default defineConfig({
  test: {
    include: ["test/resilience/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
