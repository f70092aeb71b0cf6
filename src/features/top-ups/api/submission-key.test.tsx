// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { renderHook } from "@testing-library/react";
import { NetworkError, ValidationError } from "../../../lib/api-errors";
import { useSubmissionKey } from "./submission-key";

describe("useSubmissionKey", () => {
  it("gives a retry of the same request its key, and a new submission a new one", () => {
    const { result } = renderHook(() => useSubmissionKey());
    const keys = result.current;
    const first = keys.keyFor({ packId: "5k" });
    // The answer was lost: the same purchase sent again carries the same key (the server answers it once).
    keys.settled(new NetworkError("Could not reach the server."));
    expect(keys.keyFor({ packId: "5k" })).toBe(first);
    // Another pack is another submission.
    const other = keys.keyFor({ packId: "20k" });
    expect(other).not.toBe(first);
    // Answered (paid, failed, refused): buying again is a new purchase.
    keys.settled();
    expect(keys.keyFor({ packId: "20k" })).not.toBe(other);
    const refused = keys.keyFor({ packId: "20k" });
    keys.settled(new ValidationError(400, "pack_id is not in the catalogue"));
    expect(keys.keyFor({ packId: "20k" })).not.toBe(refused);
  });
});
