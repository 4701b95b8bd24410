// The tau2-bench Telecom domain as a kfm environment module: the CRM the agent works on (13 tools,
// src/tools.py TelecomTools), the customer's phone the simulated user works on (30 tools and the
// device's state logic, src/user_tools.py TelecomUserTools), the sync between the two after every
// call (src/environment.py TelecomEnvironment.sync_tools), the task's initialization actions, and
// grading as tau2 grades these tasks (src_shared/evaluator: EnvironmentEvaluator's env assertions
// and ActionEvaluator's gold actions, for the parts a task's reward_basis names). Every method names
// the Python function it follows; messages are the reference's own text, numbers printed the way
// Python prints them. Deterministic: the one uuid of the reference (a new draft bill's id) is a counter.
import { readFileSync } from "node:fs";

const DOMAIN = JSON.parse(readFileSync(new URL("./domain.json", import.meta.url), "utf8"));

// utils.py get_today(): the domain's fixed "now".
const TODAY = "2025-02-25";

/** Python's str() of a float: 2.0 prints as "2.0", 2.5 as "2.5". */
const pyFloat = (value) => (Number.isInteger(value) ? value.toFixed(1) : String(value));
const pyList = (values) => `[${values.map((value) => `'${value}'`).join(", ")}]`;
const clone = (value) => structuredClone(value);

// ---------------------------------------------------------------------------------------------
// What a tool's result reads as: src/tau2/environment/environment.py (a2c0247) Environment.to_json_str
// ---------------------------------------------------------------------------------------------

/** json.dumps of a str (ensure_ascii: everything outside " ".."~" escaped, as \uXXXX in lower-case hex). */
const pyJsonString = (text) =>
  JSON.stringify(text).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);

/**
 * json.dumps of model_dump() for a value of the given annotation (data_model.py's, from domain.json's
 * `models`): fields in declaration order, every field present (None as null), ", " and ": " between
 * items, floats as Python prints them (15.0), datetimes as str(datetime) (default=str: a space, no "T").
 */
function pyJsonTyped(annotation, value) {
  const type = /^Optional\[(.*)\]$/.exec(annotation)?.[1] ?? annotation;
  if (value === null || value === undefined) return "null";
  const list = /^List\[(.*)\]$/.exec(type)?.[1];
  if (list) return `[${value.map((entry) => pyJsonTyped(list, entry)).join(", ")}]`;
  const fields = DOMAIN.models[type];
  if (fields) return `{${fields.map(([name, field]) => `${pyJsonString(name)}: ${pyJsonTyped(field, value[name])}`).join(", ")}}`;
  if (type === "float") return pyFloat(value);
  if (type === "int") return String(value);
  if (type === "bool") return value ? "true" : "false";
  if (type === "datetime.datetime") return pyJsonString(String(value).replace("T", " "));
  return pyJsonString(String(value));
}

// The agent tools that return something other than a str, by their return annotation in tools.py. A dict is
// what _process makes of it: a model inside stays model_dump(), while a float becomes str(float) ("15.0") and
// a date its isoformat().
const STR_OF_FLOAT = "str(float)";
const LINE_CHANGE = { message: "str", line: "Line" };
const RESULT_TYPES = {
  get_customer_by_phone: "Customer",
  get_customer_by_id: "Customer",
  get_customer_by_name: "List[Customer]",
  get_bills_for_customer: "List[Bill]",
  get_details_by_id: ({ id }) => ({ L: "Line", D: "Device", B: "Bill", C: "Customer", P: "Plan" })[id[0]],
  suspend_line: LINE_CHANGE,
  resume_line: LINE_CHANGE,
  get_data_usage: {
    line_id: "str",
    data_used_gb: STR_OF_FLOAT,
    data_limit_gb: STR_OF_FLOAT,
    data_refueling_gb: STR_OF_FLOAT,
    cycle_end_date: "str",
  },
  refuel_data: { message: "str", new_data_refueling_gb: STR_OF_FLOAT, charge: STR_OF_FLOAT },
};

/** to_json_str(resp): a str as it is, anything else json.dumps(_process(resp), default=str). */
function toJsonStr(name, args, result) {
  if (typeof result === "string") return result;
  const declared = RESULT_TYPES[name];
  const type = typeof declared === "function" ? declared(args) : declared;
  if (typeof type === "string") return pyJsonTyped(type, result);
  if (type)
    return `{${Object.entries(type)
      .map(
        ([key, field]) =>
          `${pyJsonString(key)}: ${field === STR_OF_FLOAT ? pyJsonString(pyFloat(result[key])) : pyJsonTyped(field, result[key])}`,
      )
      .join(", ")}}`;
  return clone(result);
}

function addDays(isoDate, days) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
const firstOfMonth = (isoDate) => `${isoDate.slice(0, 8)}01`;
/** date.replace(month=+1) of the first day of a month (December rolls into January of the next year). */
function nextMonthFirst(isoFirst) {
  const [year, month] = isoFirst.split("-").map(Number);
  return month < 12 ? `${year}-${String(month + 1).padStart(2, "0")}-01` : `${year + 1}-01-01`;
}

// ---------------------------------------------------------------------------------------------
// The CRM: tools.py TelecomTools
// ---------------------------------------------------------------------------------------------

class TelecomTools {
  constructor(db) {
    this.db = db;
    this.draftBills = 0;
  }

  get_customer_by_phone({ phone_number }) {
    for (const customer of this.db.customers) {
      if (customer.phone_number === phone_number) return customer;
      for (const lineId of customer.line_ids) {
        const line = this.db.lines.find((candidate) => candidate.line_id === lineId);
        if (line && line.phone_number === phone_number) return customer;
      }
    }
    throw new Error(`Customer with phone number ${phone_number} not found`);
  }

  get_customer_by_id({ customer_id }) {
    const customer = this.db.customers.find((candidate) => candidate.customer_id === customer_id);
    if (!customer) throw new Error(`Customer with ID ${customer_id} not found`);
    return customer;
  }

  get_customer_by_name({ full_name, dob }) {
    return this.db.customers.filter(
      (customer) => customer.full_name.toLowerCase() === full_name.toLowerCase() && customer.date_of_birth === dob,
    );
  }

  lineByPhone(phone) {
    const line = this.db.lines.find((candidate) => candidate.phone_number === phone);
    if (!line) throw new Error(`Line with phone number ${phone} not found`);
    return line;
  }
  lineById(id) {
    const line = this.db.lines.find((candidate) => candidate.line_id === id);
    if (!line) throw new Error(`Line with ID ${id} not found`);
    return line;
  }
  planById(id) {
    const plan = this.db.plans.find((candidate) => candidate.plan_id === id);
    if (!plan) throw new Error(`Plan with ID ${id} not found`);
    return plan;
  }
  deviceById(id) {
    const device = this.db.devices.find((candidate) => candidate.device_id === id);
    if (!device) throw new Error(`Device with ID ${id} not found`);
    return device;
  }
  billById(id) {
    const bill = this.db.bills.find((candidate) => candidate.bill_id === id);
    if (!bill) throw new Error(`Bill with ID ${id} not found`);
    return bill;
  }
  /** _get_target_line */
  targetLine(customerId, lineId) {
    const customer = this.get_customer_by_id({ customer_id: customerId });
    if (!customer.line_ids.includes(lineId)) throw new Error(`Line ${lineId} not found for customer ${customerId}`);
    return this.lineById(lineId);
  }

  get_details_by_id({ id }) {
    if (id.startsWith("L")) return this.lineById(id);
    if (id.startsWith("D")) return this.deviceById(id);
    if (id.startsWith("B")) return this.billById(id);
    if (id.startsWith("C")) return this.get_customer_by_id({ customer_id: id });
    if (id.startsWith("P")) return this.planById(id);
    throw new Error(`Unknown ID format or type: ${id}`);
  }

  suspend_line({ customer_id, line_id }) {
    const line = this.targetLine(customer_id, line_id);
    if (line.status !== "Active") throw new Error("Line must be active to suspend");
    line.status = "Suspended";
    line.suspension_start_date = TODAY;
    return { message: "Line suspended successfully. $5/month holding fee will apply.", line };
  }

  resume_line({ customer_id, line_id }) {
    const line = this.targetLine(customer_id, line_id);
    if (line.status !== "Suspended" && line.status !== "Pending Activation") throw new Error("Line must be suspended to resume");
    line.status = "Active";
    line.suspension_start_date = null;
    return { message: "Line resumed successfully", line };
  }

  get_bills_for_customer({ customer_id, limit = 12 }) {
    const customer = this.get_customer_by_id({ customer_id });
    const bills = customer.bill_ids.map((id) => this.billById(id));
    return bills.sort((a, b) => (a.issue_date < b.issue_date ? 1 : a.issue_date > b.issue_date ? -1 : 0)).slice(0, limit);
  }

  send_payment_request({ customer_id, bill_id }) {
    const customer = this.get_customer_by_id({ customer_id });
    if (this.billsAwaitingPayment(customer).length !== 0) throw new Error("A bill is already awaiting payment for this customer");
    if (!customer.bill_ids.includes(bill_id)) throw new Error(`Bill ${bill_id} not found for customer ${customer_id}`);
    const bill = this.billById(bill_id);
    bill.status = "Awaiting Payment";
    return `Payment request sent to the customer for bill ${bill.bill_id}`;
  }

  /** _get_bills_awaiting_payment */
  billsAwaitingPayment(customer) {
    return customer.bill_ids.map((id) => this.billById(id)).filter((bill) => bill.status === "Awaiting Payment");
  }

  /** _set_bill_to_paid */
  setBillToPaid(billId) {
    this.billById(billId).status = "Paid";
  }

  /** _apply_one_time_charge: the charge goes on the customer's draft bill, made for next month if none exists. */
  applyOneTimeCharge(customerId, amount, description) {
    const customer = this.get_customer_by_id({ customer_id: customerId });
    let draft = customer.bill_ids.map((id) => this.billById(id)).find((bill) => bill.status === "Draft");
    if (!draft) {
      const nextMonth = nextMonthFirst(firstOfMonth(TODAY));
      // The reference names it B + 8 hex digits of a uuid4; a counter keeps runs reproducible.
      const billId = `B${(++this.draftBills).toString(16).padStart(8, "0")}`;
      draft = {
        bill_id: billId,
        customer_id: customerId,
        period_start: nextMonth,
        period_end: addDays(nextMonthFirst(nextMonth), -1),
        issue_date: nextMonth,
        total_due: 0,
        due_date: addDays(nextMonth, 14),
        line_items: [],
        status: "Draft",
      };
      this.db.bills.push(draft);
      customer.bill_ids.push(billId);
    }
    draft.line_items.push({ description, amount, date: TODAY, item_type: amount < 0 ? "Credit" : "Charge" });
    draft.total_due += amount;
  }

  get_data_usage({ customer_id, line_id }) {
    const line = this.targetLine(customer_id, line_id);
    const plan = this.planById(line.plan_id);
    return {
      line_id,
      data_used_gb: line.data_used_gb,
      data_limit_gb: plan.data_limit_gb,
      data_refueling_gb: line.data_refueling_gb,
      cycle_end_date: addDays(nextMonthFirst(firstOfMonth(TODAY)), -1),
    };
  }

  /** Not a tool: an initialization action. */
  set_data_usage({ customer_id, line_id, data_used_gb }) {
    this.targetLine(customer_id, line_id).data_used_gb = data_used_gb;
    return `Data usage set to ${pyFloat(data_used_gb)} GB for line ${line_id}`;
  }

  enable_roaming({ customer_id, line_id }) {
    const line = this.targetLine(customer_id, line_id);
    if (line.roaming_enabled) return "Roaming was already enabled";
    line.roaming_enabled = true;
    return "Roaming enabled successfully";
  }

  disable_roaming({ customer_id, line_id }) {
    const line = this.targetLine(customer_id, line_id);
    if (!line.roaming_enabled) return "Roaming was already disabled";
    line.roaming_enabled = false;
    return "Roaming disabled successfully";
  }

  transfer_to_human_agents() {
    return "Transfer successful";
  }

  refuel_data({ customer_id, line_id, gb_amount }) {
    const line = this.targetLine(customer_id, line_id);
    if (gb_amount <= 0) throw new Error("Refuel amount must be positive");
    const plan = this.planById(line.plan_id);
    const charge = gb_amount * plan.data_refueling_price_per_gb;
    line.data_refueling_gb += gb_amount;
    this.applyOneTimeCharge(
      customer_id,
      charge,
      `Data refueling: ${pyFloat(gb_amount)} GB at $${pyFloat(plan.data_refueling_price_per_gb)}/GB`,
    );
    return {
      message: `Successfully added ${pyFloat(gb_amount)} GB of data for line ${line_id} for $${charge.toFixed(2)}`,
      new_data_refueling_gb: line.data_refueling_gb,
      charge,
    };
  }

  /** Not a tool: the "break" action of the overdue-bill tasks. */
  suspend_line_for_overdue_bill({ customer_id, line_id, new_bill_id, contract_ended }) {
    const line = this.lineById(line_id);
    if (line.status !== "Active") throw new Error("Line must be active to suspend for unpaid bill");
    const amount = this.planById(line.plan_id).price_per_month;
    if (amount <= 0) throw new Error("Amount must be positive for overdue bill");
    const customer = this.get_customer_by_id({ customer_id });
    if (customer.bill_ids.some((id) => this.billById(id).status === "Overdue")) throw new Error("Customer already has an overdue bill");
    const lastDayOfLastMonth = addDays(firstOfMonth(TODAY), -1);
    const firstDayOfLastMonth = firstOfMonth(lastDayOfLastMonth);
    this.db.bills.push({
      bill_id: new_bill_id,
      customer_id,
      period_start: firstDayOfLastMonth,
      period_end: lastDayOfLastMonth,
      issue_date: firstDayOfLastMonth,
      total_due: amount,
      due_date: addDays(firstDayOfLastMonth, 14),
      line_items: [{ description: `Charge for line ${line.line_id}`, amount, date: TODAY, item_type: amount > 0 ? "Charge" : "Credit" }],
      status: "Overdue",
    });
    customer.bill_ids.push(new_bill_id);
    line.status = "Suspended";
    line.suspension_start_date = TODAY;
    if (contract_ended) line.contract_end_date = lastDayOfLastMonth;
    return `Line ${line_id} suspended for unpaid bill ${new_bill_id}. Contract ended: ${contract_ended ? "True" : "False"}`;
  }

  // Assertions
  assert_data_refueling_amount({ customer_id, line_id, expected_amount }) {
    return Math.abs(this.targetLine(customer_id, line_id).data_refueling_gb - expected_amount) < 1e-6;
  }
  assert_line_status({ customer_id, line_id, expected_status }) {
    return this.targetLine(customer_id, line_id).status === expected_status;
  }
  assert_no_overdue_bill({ overdue_bill_id }) {
    const bill = this.db.bills.find((candidate) => candidate.bill_id === overdue_bill_id);
    return !bill || bill.status === "Paid";
  }
}

const AGENT_TOOLS = new Set(DOMAIN.agent_tools.map((tool) => tool.name));

// ---------------------------------------------------------------------------------------------
// The phone: user_tools.py TelecomUserTools over user_data_model.py's device and surroundings
// ---------------------------------------------------------------------------------------------

/** APNSettings() with its defaults (user_data_model.py). */
const defaultApn = () => ({
  apn_name: "internet",
  reset_at_reboot: false,
  mms_apn: "mms",
  mmsc_url: "http://mms.carrier.com/mms/wapenc",
  mms_proxy: null,
  mms_port: null,
});
const APN_NAMES = ["internet", "broken"];
const NETWORK_MODES = ["4g_5g_preferred", "4g_only", "3g_only", "2g_only"];
const PERMISSIONS = ["sms", "storage", "phone", "network"];

/** TelecomUserDB loaded from user_db.toml, with the model's defaults for what the file leaves out. */
function initialUserDb() {
  const device = clone(DOMAIN.user_db.device);
  return {
    device: {
      wifi_ssid: null,
      vpn_details: null,
      ...device,
      active_apn_settings: { ...defaultApn(), ...device.active_apn_settings },
    },
    surroundings: {
      name: null,
      phone_number: null,
      is_abroad: false,
      roaming_allowed: false,
      signal_strength: { "2G": "poor", "3G": "fair", "4G": "good", "5G": "excellent" },
      mobile_data_usage_exceeded: false,
      line_active: true,
      payment_request: null,
    },
  };
}

const SIGNAL_ICONS = { none: "📵 No Signal", poor: "📶¹ Poor", fair: "📶² Fair", good: "📶³ Good", excellent: "📶⁴ Excellent" };
const TECH_SPEED = { "2G": [0.1, 0.4], "3G": [1.0, 5.0], "4G": [10.0, 100.0], "5G": [50.0, 500.0], none: [0.0, 0.0] };
const SIGNAL_FACTOR = { poor: 0.2, fair: 0.5, good: 0.8, excellent: 1.0, none: 0.0 };
const SPEED_ADVICE = {
  "Very Poor": "Connection is very slow. Basic web browsing might be difficult.",
  Poor: "Connection is slow. Web browsing may be sluggish, streaming difficult.",
  Fair: "Connection is okay for web browsing and some standard definition streaming.",
  Good: "Connection is good for most activities, including HD streaming.",
  Excellent: "Connection is very fast.",
};
const SIM_MESSAGES = {
  active: "Your SIM card is active and working.",
  missing: "No SIM card detected in the phone.",
  locked_pin: "The SIM card is locked with a PIN code.",
  locked_puk: "The SIM card is locked with a PUK code.",
};
const onOff = (value) => (value ? "ON" : "OFF");
const yesNo = (value) => (value ? "Yes" : "No");

class TelecomUserTools {
  constructor(db) {
    this.db = db;
  }
  get device() {
    return this.db.device;
  }
  get surroundings() {
    return this.db.surroundings;
  }

  set_user_info({ name, phone_number }) {
    this.surroundings.name = name;
    this.surroundings.phone_number = phone_number;
  }
  set_user_location({ abroad }) {
    this.surroundings.is_abroad = abroad;
  }

  check_status_bar() {
    return `Status Bar: ${this.statusBar()}`;
  }
  /** _check_status_bar */
  statusBar() {
    const device = this.device;
    const indicators = [];
    if (device.airplane_mode) indicators.push("✈️ Airplane Mode");
    else {
      indicators.push(SIGNAL_ICONS[device.network_signal_strength] ?? "📵 No Signal");
      if (device.network_technology_connected !== "none") indicators.push(device.network_technology_connected);
      if (device.data_enabled && device.network_technology_connected !== "none") {
        indicators.push("📱 Data Enabled");
        if (device.data_saver_mode) indicators.push("🔽 Data Saver");
      } else indicators.push("📵 Data Disabled");
    }
    if (device.wifi_enabled && device.wifi_connected)
      indicators.push(device.wifi_ssid ? `📡 Connected to ${device.wifi_ssid}` : "📡 Enabled");
    if (device.vpn_connected) indicators.push("🔒 VPN Connected");
    indicators.push(`🔋 ${device.battery_level}%`);
    return indicators.join(" | ");
  }
  withStatusBar(text) {
    return `${text}\nStatus Bar: ${this.statusBar()}`;
  }

  check_network_status() {
    const device = this.device;
    const lines = [
      `Airplane Mode: ${onOff(device.airplane_mode)}`,
      `SIM Card Status: ${this.simStatus()}`,
      `Cellular Connection: ${device.network_connection_status}`,
      `Cellular Signal: ${device.network_signal_strength}`,
      `Cellular Network Type: ${device.network_technology_connected}`,
      `Mobile Data Enabled: ${yesNo(device.data_enabled)}`,
      `Data Roaming Enabled: ${yesNo(device.roaming_enabled)}`,
      `Wi-Fi Radio: ${onOff(device.wifi_enabled)}`,
      `Wi-Fi Connected: ${yesNo(device.wifi_connected)}`,
    ];
    if (device.wifi_connected) lines.push(`Connected Wi-Fi Network: ${device.wifi_ssid}`);
    return lines.join("\n");
  }

  check_network_mode_preference() {
    return `Network Mode Preference: ${this.device.network_mode_preference}`;
  }

  set_network_mode_preference({ mode }) {
    if (!NETWORK_MODES.includes(mode))
      return this.withStatusBar(
        `Failed to set network mode: '${mode}' is not a valid option. Please use one of: ${NETWORK_MODES.join(", ")}`,
      );
    this.device.network_mode_preference = mode;
    this.simulate_network_search();
    return this.withStatusBar(`Preferred Network Mode set to: ${mode}`);
  }

  /** _get_mobile_data_working */
  mobileDataWorking() {
    const { device, surroundings } = this;
    if (device.airplane_mode || device.network_signal_strength === "none") return false;
    if (device.network_connection_status === "no_service") return false;
    if (surroundings.is_abroad && (!device.roaming_enabled || !surroundings.roaming_allowed)) return false;
    if (!device.data_enabled) return false;
    if (surroundings.mobile_data_usage_exceeded) return false;
    return true;
  }

  run_speed_test() {
    const [speed, description] = this.speedTest();
    if (speed === null) return `Speed test failed: ${description || "Could not determine speed"}.`;
    return `Speed Test Result: ${speed.toFixed(2)} Mbps (${description}). ${SPEED_ADVICE[description] ?? ""}`;
  }
  /** _run_speed_test */
  speedTest() {
    const device = this.device;
    if (!this.mobileDataWorking()) return [null, "No Connection"];
    let factor = device.vpn_connected && device.vpn_details && device.vpn_details.server_performance === "poor" ? 0.1 : 1.0;
    if (device.data_saver_mode) factor *= 0.2;
    const [min, max] = TECH_SPEED[device.network_technology_connected] ?? [0, 0];
    const signal = SIGNAL_FACTOR[device.network_signal_strength] ?? 0;
    const speed = Math.round(((min + max) / 2.0) * signal * factor * 100) / 100;
    const description = speed < 1 ? "Very Poor" : speed < 5 ? "Poor" : speed < 25 ? "Fair" : speed < 100 ? "Good" : "Excellent";
    return [speed, description];
  }

  toggle_airplane_mode() {
    const on = this.toggleAirplaneMode();
    return this.withStatusBar(`Airplane Mode is now ${onOff(on)}.`);
  }
  /** _toggle_airplane_mode */
  toggleAirplaneMode() {
    const device = this.device;
    const wasOn = device.airplane_mode;
    device.airplane_mode = !wasOn;
    if (wasOn) {
      device.network_connection_status = "searching";
      if (device.wifi_enabled) Object.assign(device, { wifi_connected: false, wifi_ssid: null, wifi_signal_strength: "none" });
    } else {
      Object.assign(device, { wifi_connected: false, wifi_ssid: null, wifi_signal_strength: "none" });
      if (device.vpn_connected) this.disconnectVpn();
    }
    this.simulate_network_search();
    return device.airplane_mode;
  }
  turn_airplane_mode_on() {
    if (!this.toggleAirplaneMode()) this.toggleAirplaneMode();
    return "Airplane Mode is now ON.";
  }
  turn_airplane_mode_off() {
    if (this.toggleAirplaneMode()) this.toggleAirplaneMode();
    return "Airplane Mode is now OFF.";
  }

  check_sim_status() {
    const status = this.simStatus();
    return SIM_MESSAGES[status] ?? `Unknown SIM status: ${status}`;
  }
  /** _check_sim_status */
  simStatus() {
    return this.device.sim_card_missing ? "missing" : this.device.sim_card_status;
  }
  reseat_sim_card() {
    this.device.sim_card_missing = false;
    this.simulate_network_search();
    return this.withStatusBar("SIM card re-seated successfully.");
  }
  unseat_sim_card() {
    this.device.sim_card_missing = true;
    this.simulate_network_search();
    return "SIM card un-seated successfully.";
  }
  lock_sim_card({ mode }) {
    if (mode === "pin") this.device.sim_card_status = "locked_pin";
    else if (mode === "puk") this.device.sim_card_status = "locked_puk";
    this.simulate_network_search();
    return `SIM card locked successfully in ${mode} mode.`;
  }

  toggle_data() {
    const on = this.toggleData();
    return this.withStatusBar(`Mobile Data is now ${onOff(on)}.`);
  }
  toggleData() {
    this.device.data_enabled = !this.device.data_enabled;
    this.simulate_network_search();
    return this.device.data_enabled;
  }
  turn_data_on() {
    this.device.data_enabled = true;
    return "Data connection restored.";
  }
  turn_data_off() {
    if (this.toggleData()) this.toggleData();
    return "Data connection broken.";
  }

  toggle_roaming() {
    const on = this.toggleRoaming();
    return this.withStatusBar(`Data Roaming is now ${onOff(on)}.`);
  }
  toggleRoaming() {
    this.device.roaming_enabled = !this.device.roaming_enabled;
    this.simulate_network_search();
    return this.device.roaming_enabled;
  }
  turn_roaming_on() {
    if (!this.toggleRoaming()) this.toggleRoaming();
    return "Data Roaming is now ON.";
  }
  turn_roaming_off() {
    if (this.toggleRoaming()) this.toggleRoaming();
    return "Data Roaming is now OFF.";
  }

  check_data_restriction_status() {
    return this.device.data_saver_mode ? "Data Saver mode is ON (limits data usage)." : "Data Saver mode is OFF.";
  }
  toggle_data_saver_mode() {
    this.device.data_saver_mode = !this.device.data_saver_mode;
    return this.withStatusBar(`Data Saver Mode is now ${onOff(this.device.data_saver_mode)}.`);
  }
  turn_data_saver_mode_on() {
    this.device.data_saver_mode = true;
    return "Data Saver Mode is now ON.";
  }
  turn_data_saver_mode_off() {
    this.device.data_saver_mode = false;
    return "Data Saver Mode is now OFF.";
  }

  check_apn_settings() {
    const apn = this.device.active_apn_settings;
    return `Current APN Name: ${apn.apn_name || "Not Set"}\nMMSC URL (for picture messages): ${apn.mmsc_url || "Not Set"}\n(These are technical settings, usually best left unchanged.)`;
  }
  /** set_apn_settings: APNSettings(**apn_settings) refuses unknown fields and unknown APN names, as pydantic does. */
  set_apn_settings({ apn_settings }) {
    const unknown = Object.keys(apn_settings).filter((key) => !(key in defaultApn()));
    if (unknown.length) throw new Error(`1 validation error for APNSettings\n${unknown[0]}\n  Extra inputs are not permitted`);
    const settings = { ...defaultApn(), ...apn_settings };
    if (!APN_NAMES.includes(settings.apn_name))
      throw new Error(`1 validation error for APNSettings\napn_name\n  Input should be 'internet' or 'broken'`);
    this.device.active_apn_settings = settings;
    this.simulate_network_search();
    return this.withStatusBar(`APN settings set to: ${settings.apn_name}`);
  }
  reset_apn_settings() {
    this.device.active_apn_settings.reset_at_reboot = true;
    this.simulate_network_search();
    return this.withStatusBar("APN settings will reset at reboot.");
  }
  break_apn_settings() {
    this.device.active_apn_settings.apn_name = "broken";
    this.simulate_network_search();
    return "APN settings broken. Please call reset_apn_settings() to fix.";
  }
  break_apn_mms_setting() {
    this.device.active_apn_settings.mmsc_url = null;
    return "APN MMS setting broken. Please call reset_apn_settings() to fix.";
  }

  check_wifi_status() {
    const device = this.device;
    if (!device.wifi_enabled) return "Wi-Fi is turned OFF.";
    if (device.wifi_connected)
      return `Wi-Fi is ON and connected to '${device.wifi_ssid}'. Signal strength: ${device.wifi_signal_strength}.`;
    return "Wi-Fi is ON but not connected to any network.";
  }
  toggle_wifi() {
    const device = this.device;
    if (device.airplane_mode) return this.withStatusBar("Cannot change Wi-Fi settings while Airplane Mode is ON.");
    device.wifi_enabled = !device.wifi_enabled;
    if (!device.wifi_enabled) Object.assign(device, { wifi_connected: false, wifi_ssid: null, wifi_signal_strength: "none" });
    return this.withStatusBar(`Wi-Fi is now ${onOff(device.wifi_enabled)}.`);
  }

  check_wifi_calling_status() {
    return `Wi-Fi Calling is currently turned ${onOff(this.device.wifi_calling_enabled)}.`;
  }
  toggle_wifi_calling() {
    this.device.wifi_calling_enabled = !this.device.wifi_calling_enabled;
    return this.withStatusBar(`Wi-Fi Calling is now ${onOff(this.device.wifi_calling_enabled)}.`);
  }
  set_wifi_calling({ enabled, mms_over_wifi = null }) {
    this.device.wifi_calling_enabled = enabled;
    let message = `Wi-Fi Calling is now ${onOff(enabled)}.`;
    if (mms_over_wifi !== null && mms_over_wifi !== undefined) {
      this.device.wifi_calling_mms_over_wifi = mms_over_wifi;
      message += `\nMMS over Wi-Fi is now ${onOff(mms_over_wifi)}.`;
    }
    return message;
  }

  check_vpn_status() {
    const device = this.device;
    if (device.vpn_connected) {
      const details = device.vpn_details;
      // Python prints model_dump() of VpnDetails, whose performance is an enum member.
      if (details)
        return `VPN is ON and connected. Details: {'server_address': '${details.server_address}', 'protocol': '${details.protocol}', 'server_performance': <PerformanceLevel.${details.server_performance.toUpperCase()}: '${details.server_performance}'>}`;
      return "VPN is ON and connected (no specific details available).";
    }
    if (device.vpn_enabled_setting) return "VPN is turned ON in settings, but currently not connected.";
    return "VPN is turned OFF.";
  }
  connect_vpn() {
    if (this.device.vpn_connected) return "VPN already connected.";
    this.device.vpn_connected = true;
    this.device.vpn_details = { server_address: "192.168.1.1", protocol: "OpenVPN", server_performance: "excellent" };
    return this.withStatusBar("VPN connected successfully.");
  }
  disconnect_vpn() {
    return this.withStatusBar(this.disconnectVpn() ? "VPN disconnected successfully." : "No active VPN connection to disconnect.");
  }
  disconnectVpn() {
    if (!this.device.vpn_connected) return false;
    this.device.vpn_connected = false;
    this.device.vpn_details = null;
    return true;
  }
  break_vpn() {
    this.connect_vpn();
    this.device.vpn_details.server_performance = "poor";
    return "VPN connection broken.";
  }

  check_installed_apps() {
    return `The following apps are installed on the phone: ${Object.keys(this.device.app_statuses).join(", ")}`;
  }
  granted(app) {
    return PERMISSIONS.filter((name) => app.permissions[name]);
  }
  check_app_status({ app_name }) {
    const app = this.device.app_statuses[app_name];
    if (!app) return `App '${app_name}' not found on this phone.`;
    const granted = this.granted(app);
    const lines = [`Status for App: ${app_name}`];
    if (granted.length === 0) lines.push(" - Permissions: None granted.");
    else lines.push(" - Permissions Granted:", ...granted.map((name) => `   - ${name}`));
    return lines.join("\n");
  }
  check_app_permissions({ app_name }) {
    const app = this.device.app_statuses[app_name];
    if (!app) return `App '${app_name}' not found on this phone.`;
    const granted = this.granted(app);
    if (granted.length === 0) return `App '${app_name}' currently has no permissions granted.`;
    return `App '${app_name}' has permission for: ${granted.join(", ")}.`;
  }
  grant_app_permission({ app_name, permission }) {
    const app = this.device.app_statuses[app_name];
    const name = permission.toLowerCase();
    let ok = false;
    let message;
    if (!app) message = `App '${app_name}' not found. Cannot grant permission.`;
    else if (!PERMISSIONS.includes(name))
      message = `Permission '${name}' not tracked for app '${app_name}', available permissions: ${pyList(PERMISSIONS)}`;
    else {
      app.permissions[name] = true;
      ok = true;
      message = `Permission '${name}' granted to app '${app_name}'.`;
    }
    return this.withStatusBar(`${ok ? "Success. " : "Error. "}${message}`);
  }
  remove_app_permission({ app_name, permission }) {
    const app = this.device.app_statuses[app_name];
    const name = permission.toLowerCase();
    if (!app) return `App '${app_name}' not found. Cannot remove permission.`;
    if (!PERMISSIONS.includes(name)) return `Permission '${name}' not tracked for app '${app_name}'.`;
    app.permissions[name] = false;
    return `Permission '${name}' removed from app '${app_name}'.`;
  }

  can_send_mms() {
    return this.canSendMms() ? "Your messaging app can send MMS messages." : "Your messaging app cannot send MMS messages.";
  }
  /** _can_send_mms */
  canSendMms() {
    const device = this.device;
    if (!this.mobileDataWorking()) return false;
    if (device.network_technology_connected === "2G") return false;
    if (device.wifi_calling_enabled && device.wifi_calling_mms_over_wifi) return false;
    if (device.active_apn_settings.mmsc_url === null) return false;
    const messaging = device.app_statuses.messaging;
    if (!messaging) return false;
    return Boolean(messaging.permissions.storage && messaging.permissions.sms);
  }

  reboot_device() {
    const lines = [];
    if (this.device.active_apn_settings.reset_at_reboot) {
      lines.push("Resetting APN settings...");
      this.device.active_apn_settings = defaultApn();
    }
    lines.push("Restarting network services...");
    this.device.network_connection_status = "searching";
    this.simulate_network_search();
    return this.withStatusBar(lines.join("\n"));
  }

  /** simulate_network_search: what the phone connects to, given the SIM, the mode preference and the surroundings. */
  simulate_network_search() {
    const { device, surroundings } = this;
    const noService = () =>
      Object.assign(device, {
        network_connection_status: "no_service",
        network_technology_connected: "none",
        network_signal_strength: "none",
      });
    if (this.simStatus() === "active") {
      device.network_connection_status = "connected";
      const signal = (technology) => surroundings.signal_strength[technology] ?? "none";
      const connect = (technology) =>
        Object.assign(device, { network_technology_connected: technology, network_signal_strength: signal(technology) });
      const preference = device.network_mode_preference;
      if (preference === "4g_5g_preferred") connect(signal("5G") === "none" ? "4G" : "5G");
      else if (preference === "3g_only") connect("3G");
      else if (preference === "2g_only") connect("2G");
      else connect("4G");
    } else noService();
    if (device.airplane_mode) noService();
    if (device.active_apn_settings.apn_name === "broken") noService();
    if (!surroundings.line_active) noService();
  }

  check_payment_request() {
    const request = this.surroundings.payment_request;
    if (!request) return "No payment request has been made.";
    return `You have a payment request for bill ${request.bill_id} of ${pyFloat(request.amount_due)} USD.`;
  }
  make_payment() {
    const request = this.surroundings.payment_request;
    if (!request) return "You do not have a payment request.";
    request.paid = true;
    return `Payment of ${pyFloat(request.amount_due)} USD has been made for bill ${request.bill_id}.`;
  }

  // Assertions
  assert_airplane_mode_status({ expected_status }) {
    return this.device.airplane_mode === expected_status;
  }
  assert_service_status({ expected_status }) {
    return this.device.network_connection_status === expected_status;
  }
  assert_mobile_data_status({ expected_status }) {
    return this.mobileDataWorking() === expected_status;
  }
  assert_mobile_roaming_status({ expected_status }) {
    return this.device.roaming_enabled === expected_status;
  }
  assert_mobile_data_saver_mode_status({ expected_status }) {
    return this.device.data_saver_mode === expected_status;
  }
  assert_internet_speed({ expected_speed, expected_desc = null }) {
    const [speed, description] = this.speedTest();
    const value = speed ?? 0;
    if (expected_desc === null) return value >= expected_speed;
    return value >= expected_speed && description.toLowerCase() === expected_desc.toLowerCase();
  }
  assert_internet_not_excellent() {
    return this.speedTest()[1].toLowerCase() !== "excellent";
  }
  assert_can_send_mms({ expected_status }) {
    return this.canSendMms() === expected_status;
  }
  assert_mobile_data_usage_exceeded({ expected_status }) {
    return this.surroundings.mobile_data_usage_exceeded === expected_status;
  }
}

const USER_TOOLS = new Set(DOMAIN.user_tools.map((tool) => tool.name));

// ---------------------------------------------------------------------------------------------
// The environment: environment.py TelecomEnvironment, and the evaluators' grading
// ---------------------------------------------------------------------------------------------

/** sync_tools: the phone follows the CRM (line active, roaming allowed, data exhausted, payment requests). */
function syncTools(crm, phone) {
  const surroundings = phone.surroundings;
  const phoneNumber = surroundings.phone_number;
  if (phoneNumber === null) return;
  const line = crm.lineByPhone(phoneNumber);
  surroundings.line_active = line.status === "Active";
  surroundings.roaming_allowed = Boolean(line.roaming_enabled);
  const plan = crm.planById(line.plan_id);
  surroundings.mobile_data_usage_exceeded = line.data_used_gb >= plan.data_limit_gb + line.data_refueling_gb;
  if (surroundings.payment_request?.paid) {
    crm.setBillToPaid(surroundings.payment_request.bill_id);
    surroundings.payment_request = null;
  }
  if (surroundings.payment_request === null) {
    const bills = crm.billsAwaitingPayment(crm.get_customer_by_phone({ phone_number: phoneNumber }));
    if (bills.length) surroundings.payment_request = { bill_id: bills[0].bill_id, amount_due: bills[0].total_due, paid: false };
  }
}

function runFunction(target, name, args) {
  const method = target[name];
  if (typeof method !== "function" || name.startsWith("_") || name === "constructor") throw new Error(`Tool '${name}' not found.`);
  return method.call(target, args ?? {});
}

/** Action.compare_with_tool_call: the same name, and equal values for the compared arguments (all the gold action's by default). */
function matchesAction(action, call) {
  if (action.name !== call.name) return false;
  const keys = action.compare_args ?? Object.keys(action.arguments);
  return keys.every(
    (key) => JSON.stringify(call.arguments[key]) === JSON.stringify(action.arguments[key]) || call.arguments[key] === action.arguments[key],
  );
}

/**
 * A fresh Telecom world for one trial of a task: the CRM and the phone from the domain's
 * databases, the task's initialization actions applied (each followed by a sync, as set_state does).
 * `call` is the agent's side, `user.call` the phone's; `state()` reports tau2's checks.
 */
export function createEnvironment(task) {
  const crm = new TelecomTools(clone(DOMAIN.db));
  const phone = new TelecomUserTools(initialUserDb());
  const criteria = task.state?.evaluation_criteria ?? { actions: [], env_assertions: [], reward_basis: ["ENV_ASSERTION"] };
  const calls = [];
  for (const action of task.state?.initialization_actions ?? []) {
    runFunction(action.env_type === "user" ? phone : crm, action.func_name, action.arguments);
    syncTools(crm, phone);
  }
  const make = (requestor, tools, target) => (name, args) => {
    if (!tools.has(name)) throw new Error(`Tool '${name}' not found.`);
    calls.push({ requestor, name, arguments: args });
    try {
      return toJsonStr(name, args, runFunction(target, name, args));
    } catch (error) {
      // Environment.get_response: the model reads f"Error: {e}" (kfm still counts it as the tool's error).
      if (error instanceof Error) error.toolResult = `Error: ${error.message}`;
      throw error;
    } finally {
      syncTools(crm, phone);
    }
  };
  const checks = () => {
    const result = {};
    criteria.env_assertions.forEach((assertion, index) => {
      let met;
      try {
        met = runFunction(assertion.env_type === "user" ? phone : crm, assertion.func_name, assertion.arguments) === assertion.assert_value;
      } catch {
        met = false;
      }
      result[`assertion ${index + 1}: ${assertion.func_name}`] = met;
    });
    if (criteria.reward_basis.includes("ACTION"))
      for (const action of criteria.actions) result[`action ${action.action_id}`] = calls.some((call) => matchesAction(action, call));
    return result;
  };
  return {
    call: make("assistant", AGENT_TOOLS, crm),
    user: {
      tools: DOMAIN.user_tools,
      // src/tau2/user/user_simulator.py (a2c0247) UserSimulator.system_prompt: SYSTEM_PROMPT (its template stripped, the
      // result not) formatted with simulation_guidelines_tools.md (the user has tools), whose <PERSONA_GUIDELINES>
      // becomes "" under the default PersonaConfig (the text-only setting adds no persona guidelines), and
      // instructions=str(task.user_scenario) (runner/build.py build_user), already rendered in the task's user.scenario.
      system: `${DOMAIN.user_guidelines.replace("<PERSONA_GUIDELINES>", "")}\n\n<scenario>\n${task.user?.scenario ?? ""}\n</scenario>`,
      call: make("user", USER_TOOLS, phone),
    },
    state: () => ({ checks: checks(), device: clone(phone.device), surroundings: clone(phone.surroundings), calls: calls.length }),
  };
}

/** Plays a task's gold actions in order, each on its side (the evaluator's gold environment does the same; an error is skipped). */
export function referencePlay(environment, actions) {
  for (const action of actions) {
    try {
      if (action.requestor === "user") environment.user.call(action.name, action.arguments);
      else environment.call(action.name, action.arguments);
    } catch {
      // EnvironmentEvaluator logs and skips a gold action that fails.
    }
  }
}
