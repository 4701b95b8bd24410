import { describe, expect, it } from "vitest";
import { overrideConnection } from "./endpoint-override.js";
import { resolveEndpoint } from "./endpoint.js";

const config = (fields: Record<string, unknown>) => ({ endpoints: { team: { adapter: "openai-compatible", model: "m", ...fields } } });
const recorded = resolveEndpoint(
  config({ baseUrl: "http://old:8000", apiKeyEnv: "OLD_KEY", headers: { "X-Team": "${env:TEAM}" }, parameters: { temperature: 0 } }),
  { endpoint: "team" },
);

describe("overrideConnection: what a resumed run may change", () => {
  it("takes a corrected URL, key variable and headers, and records each change with its recorded values", () => {
    const given = resolveEndpoint(
      config({
        baseUrl: "http://new:8000/v1",
        apiKeyEnv: "NEW_KEY",
        headers: { "X-Team": "literal-secret" },
        parameters: { temperature: 0 },
      }),
      { endpoint: "team" },
    );
    const { endpoint, change } = overrideConnection(recorded, given);
    expect(endpoint.baseUrl).toBe("http://new:8000/v1");
    expect(endpoint.settings.apiKeyEnv).toBe("NEW_KEY");
    expect(change?.changed).toEqual({
      baseUrl: { from: "http://old:8000", to: "http://new:8000/v1" },
      apiKeyEnv: { from: "OLD_KEY", to: "NEW_KEY" },
      headers: { from: { "X-Team": "${env:TEAM}" }, to: { "X-Team": "[redacted: literal header value]" } },
    });
    expect(JSON.stringify(endpoint.publicDefinition)).not.toContain("literal-secret");
  });

  it("changes nothing and records nothing when the same connection is given", () => {
    expect(overrideConnection(recorded, recorded).change).toBeUndefined();
  });

  it("refuses another model, and request settings that would change what is asked", () => {
    const otherModel = resolveEndpoint(config({ baseUrl: "http://old:8000", model: "m2" }), { endpoint: "team" });
    expect(() => overrideConnection(recorded, otherModel)).toThrow(/the run was made with model "m"; the endpoint given uses model "m2"/);
    const hotter = resolveEndpoint(config({ baseUrl: "http://old:8000", parameters: { temperature: 1 } }), { endpoint: "team" });
    expect(() => overrideConnection(recorded, hotter)).toThrow(/asks differently from the run \(parameters\)/);
  });
});
