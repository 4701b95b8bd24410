import { describe, expect, it } from "vitest";
import type { AgenticTask, DualControlEnvironment } from "../src/spec/agentic.js";
import { loadSuite } from "../src/suite/index.js";

interface Tau2Module {
  createEnvironment(task: Partial<AgenticTask> & { id: string }): DualControlEnvironment;
  referencePlay(environment: DualControlEnvironment, actions: unknown[]): void;
}
// The suite's own environment module, imported by URL as the suite loader imports it.
const moduleUrl = new URL("../suites/tau2-telecom/environment.mjs", import.meta.url).href;
const { createEnvironment, referencePlay } = (await import(moduleUrl)) as Tau2Module;

const suite = await loadSuite("tau2-telecom");
const tasks = suite.items.map((item) => item.task!);
const criteriaOf = (task: AgenticTask) =>
  task.state!.evaluation_criteria as { actions: Array<{ requestor: string; name: string; arguments: Record<string, unknown> }> };
const checksOf = (environment: DualControlEnvironment) => environment.state().checks as Record<string, boolean>;

describe("tau2-bench Telecom environment (in-process)", () => {
  it("ships the 114 base tasks: 49 MMS, 36 mobile-data, 29 no-service", () => {
    expect(tasks).toHaveLength(114);
    const issues = suite.items.reduce<Record<string, number>>(
      (counts, item) => ({ ...counts, [item.subject]: (counts[item.subject] ?? 0) + 1 }),
      {},
    );
    expect(issues).toEqual({ mms_issue: 49, mobile_data_issue: 36, service_issue: 29 });
    expect(new Set(tasks.map((task) => task.id)).size).toBe(114);
    expect(tasks[0]!.tools).toHaveLength(13);
    expect(createEnvironment(tasks[0]!).user.tools).toHaveLength(30);
  });

  it("every task's reference actions reach the graded end state, and none passes without them", () => {
    const unsolved: string[] = [];
    const solvedUntouched: string[] = [];
    for (const task of tasks) {
      const played = createEnvironment(task);
      referencePlay(played, criteriaOf(task).actions);
      const checks = checksOf(played);
      expect(Object.keys(checks).length).toBeGreaterThan(0);
      if (!Object.values(checks).every(Boolean)) unsolved.push(task.id);
      if (Object.values(checksOf(createEnvironment(task))).every(Boolean)) solvedUntouched.push(task.id);
    }
    expect(unsolved).toEqual([]);
    expect(solvedUntouched).toEqual([]);
  });

  it("grades a task's gold actions only when its reward basis names ACTION (20 tasks), by name and compared arguments", () => {
    const withActions = tasks.filter((task) => Object.keys(task.expected.state!.checks as object).some((key) => key.startsWith("action ")));
    expect(withActions).toHaveLength(20);
    const task = withActions[0]!;
    const environment = createEnvironment(task);
    // Everything but the transfer: the assertions hold, the transfer action does not.
    referencePlay(
      environment,
      criteriaOf(task).actions.filter((action) => action.name !== "transfer_to_human_agents"),
    );
    const checks = checksOf(environment);
    const transfer = (criteriaOf(task).actions as Array<{ name: string; action_id?: string }>).find(
      (action) => action.name === "transfer_to_human_agents",
    )!;
    expect(
      Object.entries(checks)
        .filter(([, met]) => !met)
        .map(([key]) => key),
    ).toEqual([`action ${transfer.action_id}`]);
    environment.call("transfer_to_human_agents", { summary: "any words: compare_args is empty" });
    expect(Object.values(checksOf(environment)).every(Boolean)).toBe(true);
  });

  it("follows the reference's device rules: airplane mode, network search, speed test, APN reset at reboot", () => {
    const environment = createEnvironment({ id: "rules", state: { initialization_actions: [] } });
    const phone = environment.user;
    expect(phone.call("check_status_bar", {})).toBe("Status Bar: 📶³ Good | 5G | 📱 Data Enabled | 🔋 80%");
    expect(phone.call("toggle_airplane_mode", {})).toBe("Airplane Mode is now ON.\nStatus Bar: ✈️ Airplane Mode | 🔋 80%");
    expect(phone.call("run_speed_test", {})).toBe("Speed test failed: No Connection.");
    // Leaving airplane mode searches again: 5G preferred, the surroundings' 5G signal is excellent.
    expect(phone.call("toggle_airplane_mode", {})).toBe(
      "Airplane Mode is now OFF.\nStatus Bar: 📶⁴ Excellent | 5G | 📱 Data Enabled | 🔋 80%",
    );
    expect(phone.call("run_speed_test", {})).toBe("Speed Test Result: 275.00 Mbps (Excellent). Connection is very fast.");
    expect(phone.call("set_network_mode_preference", { mode: "2g_only" })).toBe(
      "Preferred Network Mode set to: 2g_only\nStatus Bar: 📶¹ Poor | 2G | 📱 Data Enabled | 🔋 80%",
    );
    expect(phone.call("run_speed_test", {})).toBe(
      "Speed Test Result: 0.05 Mbps (Very Poor). Connection is very slow. Basic web browsing might be difficult.",
    );
    expect(phone.call("can_send_mms", {})).toBe("Your messaging app cannot send MMS messages.");
    phone.call("set_network_mode_preference", { mode: "4g_only" });
    expect(phone.call("toggle_data_saver_mode", {})).toContain("🔽 Data Saver");
    expect(phone.call("run_speed_test", {})).toBe(
      "Speed Test Result: 8.80 Mbps (Fair). Connection is okay for web browsing and some standard definition streaming.",
    );
    expect(() => phone.call("set_apn_settings", { apn_settings: { apn_name: "nonsense" } })).toThrow(
      /Input should be 'internet' or 'broken'/,
    );
    phone.call("set_apn_settings", { apn_settings: { apn_name: "broken" } });
    expect(phone.call("check_network_status", {})).toContain("Cellular Connection: no_service");
    phone.call("reset_apn_settings", {});
    expect(phone.call("reboot_device", {})).toBe(
      "Resetting APN settings...\nRestarting network services...\nStatus Bar: 📶³ Good | 4G | 📱 Data Enabled | 🔽 Data Saver | 🔋 80%",
    );
  });

  it("syncs the phone with the CRM after every call: exhausted data, roaming, a paid overdue bill", () => {
    const task = tasks.find((candidate) => criteriaOf(candidate).actions.some((action) => action.name === "make_payment"))!;
    const environment = createEnvironment(task);
    const surroundings = () => environment.state().surroundings as { line_active: boolean; payment_request: unknown };
    expect(surroundings().line_active).toBe(false);
    referencePlay(environment, criteriaOf(task).actions);
    expect(surroundings()).toMatchObject({ line_active: true, payment_request: null });
    const refuel = tasks.find((candidate) => criteriaOf(candidate).actions.some((action) => action.name === "refuel_data"))!;
    const other = createEnvironment(refuel);
    const action = criteriaOf(refuel).actions.find((candidate) => candidate.name === "refuel_data")!;
    // Environment.to_json_str: a dict's floats become str(float).
    expect(other.call("refuel_data", action.arguments)).toMatch(
      /^\{"message": "Successfully added 2\.0 GB of data for line L\d+ for \$\d+\.\d\d", "new_data_refueling_gb": "\d+\.\d+", "charge": "\d+\.\d+"\}$/,
    );
    expect((other.state().surroundings as { mobile_data_usage_exceeded: boolean }).mobile_data_usage_exceeded).toBe(false);
    expect(() => other.call("toggle_data", {})).toThrow("Tool 'toggle_data' not found.");
    expect(() => other.user.call("refuel_data", action.arguments)).toThrow("Tool 'refuel_data' not found.");
  });
});
