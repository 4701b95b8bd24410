#!/usr/bin/env node
// Writes suites/kfm-agent-ko/data/tasks.jsonl: kfm's own Korean agentic tasks (banking, calendar,
// shopping, restaurant bookings) with stateful tools and expected end states. Before writing, each
// task's reference solution is played against the suite's environment module and must reach the
// expected state: a task whose own solution fails is a bug here, not a test of the model.
import { writeFileSync } from "node:fs";
import { createEnvironment } from "../suites/kfm-agent-ko/environment.mjs";

const str = (description) => ({ type: "string", description });
const int = (description) => ({ type: "integer", description });
const tool = (name, description, properties = {}, required = Object.keys(properties)) => ({
  name,
  description,
  parameters: { type: "object", properties, required, additionalProperties: false },
});

const TOOLS = {
  banking: [
    tool("list_accounts", "등록된 계좌 목록(내 계좌와 자주 쓰는 받는 사람 계좌)을 보여줍니다. 내 계좌는 잔액도 보여줍니다."),
    tool("get_balance", "내 계좌의 잔액을 조회합니다.", { account_id: str("계좌 번호, 예: 110-001") }),
    tool(
      "transfer",
      "내 계좌에서 다른 계좌로 돈을 보냅니다.",
      {
        from_account: str("출금할 내 계좌 번호"),
        to_account: str("입금할 계좌 번호"),
        amount: int("보낼 금액(원)"),
        memo: str("받는 사람에게 보일 메모(선택)"),
      },
      ["from_account", "to_account", "amount"],
    ),
  ],
  calendar: [
    tool("list_events", "특정 날짜의 일정을 보여줍니다.", { date: str("날짜, YYYY-MM-DD") }),
    tool("create_event", "일정을 만듭니다. 같은 시간에 다른 일정이 있으면 실패합니다.", {
      title: str("일정 제목"),
      date: str("날짜, YYYY-MM-DD"),
      start: str("시작 시각, HH:MM (24시간)"),
      end: str("종료 시각, HH:MM (24시간)"),
    }),
    tool("cancel_event", "일정을 취소합니다.", { event_id: str("list_events가 돌려준 일정 id") }),
  ],
  shopping: [
    tool("search_products", "상품명이나 분류로 상품을 찾습니다. 가격과 재고를 함께 보여줍니다.", { query: str("검색어") }),
    tool("add_to_cart", "장바구니에 상품을 담습니다. 재고보다 많이 담을 수 없습니다.", { sku: str("상품 코드"), quantity: int("수량") }),
    tool("remove_from_cart", "장바구니에서 상품을 뺍니다.", { sku: str("상품 코드") }),
    tool("place_order", "장바구니에 담긴 상품을 주문합니다.", { address: str("배송지 주소") }),
  ],
  booking: [
    tool(
      "find_restaurants",
      "지역(과 음식 종류)으로 식당을 찾습니다.",
      { area: str("지역, 예: 강남, 홍대"), cuisine: str("음식 종류, 예: 한식, 일식, 양식(선택)") },
      ["area"],
    ),
    tool("check_availability", "식당의 날짜별 예약 가능 시간을 봅니다.", { restaurant_id: str("식당 id"), date: str("날짜, YYYY-MM-DD") }),
    tool("book_table", "식당을 예약합니다.", {
      restaurant_id: str("식당 id"),
      date: str("날짜, YYYY-MM-DD"),
      time: str("시각, HH:MM"),
      party_size: int("인원"),
    }),
    tool("list_reservations", "내 식당 예약 목록을 봅니다."),
    tool("cancel_reservation", "식당 예약을 취소합니다.", { reservation_id: str("예약 id") }),
  ],
};

const SYSTEM =
  "당신은 사용자의 금융, 일정, 쇼핑, 식당 예약을 돕는 한국어 AI 비서입니다. 오늘은 2026년 12월 1일(화)입니다. 제공된 도구로 요청을 처리하고, 도구가 알려주지 않은 계좌 번호나 id를 지어내지 마세요. 요청을 처리할 수 없으면 이유를 설명하세요. 작업을 마치면 결과를 한두 문장으로 알려주세요.";

const STATE = {
  banking: {
    accounts: {
      "110-001": { name: "주거래 통장", owner: "me", balance: 1250000 },
      "110-002": { name: "비상금 통장", owner: "me", balance: 300000 },
      "220-777": { name: "엄마", owner: "김영희", balance: 0 },
      "330-123": { name: "집주인", owner: "박철수", balance: 0 },
      "440-555": { name: "동생", owner: "이민수", balance: 0 },
    },
    transfers: [],
  },
  calendar: {
    events: [
      { id: "2026-12-01T10:00", title: "팀 회의", date: "2026-12-01", start: "10:00", end: "11:00" },
      { id: "2026-12-01T15:00", title: "치과", date: "2026-12-01", start: "15:00", end: "16:00" },
      { id: "2026-12-02T12:00", title: "점심 약속", date: "2026-12-02", start: "12:00", end: "13:00" },
    ],
  },
  shopping: {
    products: {
      "SKU-101": { name: "무선 마우스", category: "컴퓨터", price: 25000, stock: 10 },
      "SKU-102": { name: "기계식 키보드", category: "컴퓨터", price: 89000, stock: 3 },
      "SKU-201": { name: "유기농 쌀 10kg", category: "식품", price: 42000, stock: 5 },
      "SKU-202": { name: "생수 2L 6병", category: "식품", price: 6900, stock: 20 },
      "SKU-301": { name: "전기포트", category: "가전", price: 35000, stock: 0 },
    },
    cart: [],
    orders: [],
  },
  booking: {
    restaurants: {
      "R-GN-01": {
        name: "강남 스시",
        area: "강남",
        cuisine: "일식",
        max_party: 6,
        slots: { "2026-12-24": ["18:00", "19:30"], "2026-12-25": ["18:00"] },
      },
      "R-GN-02": {
        name: "강남 한우정",
        area: "강남",
        cuisine: "한식",
        max_party: 8,
        slots: { "2026-12-24": ["19:00"], "2026-12-25": ["12:00", "19:00"] },
      },
      "R-HD-01": {
        name: "홍대 파스타",
        area: "홍대",
        cuisine: "양식",
        max_party: 4,
        slots: { "2026-12-24": ["20:00"], "2026-12-31": ["18:00", "20:00"] },
      },
    },
    reservations: [],
  },
};

const call = (name, args = {}) => ({ name, arguments: args });
const account = (balance) => ({ balance });
const event = (title, date, start, end) => ({ id: `${date}T${start}`, title, date, start, end });
const [E1, E2, E3] = STATE.calendar.events;

/** domain, id, request, solution, expected state, decision (`call` when the task needs calls to change state). */
const TASKS = [
  [
    "banking",
    "bank-mom-200k",
    "주거래 통장에서 엄마 계좌로 20만 원 보내줘.",
    [call("list_accounts"), call("transfer", { from_account: "110-001", to_account: "220-777", amount: 200000 })],
    { accounts: { "110-001": account(1050000), "220-777": account(200000) } },
  ],
  [
    "banking",
    "bank-rent-memo",
    "월세 85만 원 집주인한테 보내줘. 주거래 통장에서 나가게 하고, 메모는 '12월 월세'로 남겨줘.",
    [call("list_accounts"), call("transfer", { from_account: "110-001", to_account: "330-123", amount: 850000, memo: "12월 월세" })],
    {
      accounts: { "110-001": account(400000), "330-123": account(850000) },
      transfers: [{ from_account: "110-001", to_account: "330-123", amount: 850000, memo: "12월 월세" }],
    },
  ],
  [
    "banking",
    "bank-sweep-savings",
    "비상금 통장에 있는 돈 전부 주거래 통장으로 옮겨줘.",
    [
      call("list_accounts"),
      call("get_balance", { account_id: "110-002" }),
      call("transfer", { from_account: "110-002", to_account: "110-001", amount: 300000 }),
    ],
    { accounts: { "110-001": account(1550000), "110-002": account(0) } },
  ],
  [
    "banking",
    "bank-two-transfers",
    "주거래 통장에서 동생한테 50만 원, 엄마한테 30만 원 보내줘.",
    [
      call("list_accounts"),
      call("transfer", { from_account: "110-001", to_account: "440-555", amount: 500000 }),
      call("transfer", { from_account: "110-001", to_account: "220-777", amount: 300000 }),
    ],
    { accounts: { "110-001": account(450000), "440-555": account(500000), "220-777": account(300000) } },
  ],
  [
    "banking",
    "bank-insufficient",
    "주거래 통장에서 집주인한테 200만 원 보내줘.",
    [call("list_accounts")],
    { accounts: { "110-001": account(1250000), "330-123": account(0) }, transfers: [] },
  ],
  [
    "banking",
    "bank-ten-percent",
    "주거래 통장 잔액의 10%를 비상금 통장으로 옮겨줘.",
    [call("get_balance", { account_id: "110-001" }), call("transfer", { from_account: "110-001", to_account: "110-002", amount: 125000 })],
    { accounts: { "110-001": account(1125000), "110-002": account(425000) } },
  ],

  [
    "calendar",
    "cal-add-report",
    "12월 3일 오후 2시부터 3시까지 '분기 보고' 일정 넣어줘.",
    [call("create_event", { title: "분기 보고", date: "2026-12-03", start: "14:00", end: "15:00" })],
    { events: [E1, E2, E3, event("분기 보고", "2026-12-03", "14:00", "15:00")] },
  ],
  [
    "calendar",
    "cal-cancel-dentist",
    "오늘 치과 일정 취소해줘.",
    [call("list_events", { date: "2026-12-01" }), call("cancel_event", { event_id: E2.id })],
    { events: [E1, E3] },
  ],
  [
    "calendar",
    "cal-clash-fallback",
    "오늘 오전 10시에 1시간짜리 '고객 미팅' 잡아줘. 그 시간에 다른 일정이 있으면 오후 1시로 잡아줘.",
    [
      call("list_events", { date: "2026-12-01" }),
      call("create_event", { title: "고객 미팅", date: "2026-12-01", start: "13:00", end: "14:00" }),
    ],
    { events: [E1, E2, E3, event("고객 미팅", "2026-12-01", "13:00", "14:00")] },
  ],
  [
    "calendar",
    "cal-move-lunch",
    "내일 점심 약속을 12월 4일 같은 시간으로 옮겨줘. 제목은 그대로.",
    [
      call("list_events", { date: "2026-12-02" }),
      call("cancel_event", { event_id: E3.id }),
      call("create_event", { title: "점심 약속", date: "2026-12-04", start: "12:00", end: "13:00" }),
    ],
    { events: [E1, E2, event("점심 약속", "2026-12-04", "12:00", "13:00")] },
  ],
  [
    "calendar",
    "cal-two-events",
    "12월 5일에 오전 9시부터 10시까지 '운동', 저녁 7시부터 8시까지 '저녁 모임' 두 개 등록해줘.",
    [
      call("create_event", { title: "운동", date: "2026-12-05", start: "09:00", end: "10:00" }),
      call("create_event", { title: "저녁 모임", date: "2026-12-05", start: "19:00", end: "20:00" }),
    ],
    { events: [E1, E2, E3, event("운동", "2026-12-05", "09:00", "10:00"), event("저녁 모임", "2026-12-05", "19:00", "20:00")] },
  ],
  [
    "calendar",
    "cal-clear-today",
    "오늘 일정 전부 취소해줘.",
    [call("list_events", { date: "2026-12-01" }), call("cancel_event", { event_id: E1.id }), call("cancel_event", { event_id: E2.id })],
    { events: [E3] },
  ],

  [
    "shopping",
    "shop-mouse",
    "무선 마우스 2개 주문해줘. 배송지는 서울시 마포구 월드컵로 10.",
    [
      call("search_products", { query: "마우스" }),
      call("add_to_cart", { sku: "SKU-101", quantity: 2 }),
      call("place_order", { address: "서울시 마포구 월드컵로 10" }),
    ],
    { orders: [{ items: [{ sku: "SKU-101", quantity: 2 }], total: 50000, address: "서울시 마포구 월드컵로 10" }], cart: [] },
  ],
  [
    "shopping",
    "shop-keyboard-stock",
    "기계식 키보드 5개 주문해줘. 재고가 모자라면 있는 만큼만 주문해. 배송지는 부산시 해운대구 센텀로 5.",
    [
      call("search_products", { query: "키보드" }),
      call("add_to_cart", { sku: "SKU-102", quantity: 3 }),
      call("place_order", { address: "부산시 해운대구 센텀로 5" }),
    ],
    { orders: [{ items: [{ sku: "SKU-102", quantity: 3 }], total: 267000, address: "부산시 해운대구 센텀로 5" }] },
  ],
  [
    "shopping",
    "shop-groceries",
    "생수 2L 6병짜리 3개랑 유기농 쌀 10kg 1개 주문해줘. 배송지는 대전시 유성구 대학로 99.",
    [
      call("search_products", { query: "식품" }),
      call("add_to_cart", { sku: "SKU-202", quantity: 3 }),
      call("add_to_cart", { sku: "SKU-201", quantity: 1 }),
      call("place_order", { address: "대전시 유성구 대학로 99" }),
    ],
    {
      orders: [
        {
          items: [
            { sku: "SKU-202", quantity: 3 },
            { sku: "SKU-201", quantity: 1 },
          ],
          total: 62700,
          address: "대전시 유성구 대학로 99",
        },
      ],
    },
  ],
  [
    "shopping",
    "shop-out-of-stock",
    "전기포트 하나 주문해줘. 배송지는 인천시 연수구 송도로 1.",
    [call("search_products", { query: "전기포트" })],
    { orders: [], cart: [] },
  ],
  [
    "shopping",
    "shop-cart-only",
    "무선 마우스 1개 장바구니에 담아만 줘. 주문은 아직 하지 마.",
    [call("search_products", { query: "무선 마우스" }), call("add_to_cart", { sku: "SKU-101", quantity: 1 })],
    { cart: [{ sku: "SKU-101", quantity: 1 }], orders: [] },
  ],
  [
    "shopping",
    "shop-drop-keyboard",
    "장바구니에서 키보드는 빼고 나머지만 주문해줘. 배송지는 광주시 북구 용봉로 77.",
    [call("remove_from_cart", { sku: "SKU-102" }), call("place_order", { address: "광주시 북구 용봉로 77" })],
    { orders: [{ items: [{ sku: "SKU-202", quantity: 2 }], total: 13800, address: "광주시 북구 용봉로 77" }], cart: [] },
    {
      cart: [
        { sku: "SKU-102", quantity: 1 },
        { sku: "SKU-202", quantity: 2 },
      ],
    },
  ],

  [
    "booking",
    "book-sushi-eve",
    "12월 24일 저녁 7시 반에 강남 스시 4명 예약해줘.",
    [
      call("find_restaurants", { area: "강남" }),
      call("book_table", { restaurant_id: "R-GN-01", date: "2026-12-24", time: "19:30", party_size: 4 }),
    ],
    { reservations: [{ id: "R-GN-01@2026-12-24T19:30", restaurant_id: "R-GN-01", date: "2026-12-24", time: "19:30", party_size: 4 }] },
  ],
  [
    "booking",
    "book-hongdae-any",
    "크리스마스 이브에 홍대에서 양식으로 2명 예약해줘. 시간은 되는 시간 아무 때나.",
    [
      call("find_restaurants", { area: "홍대", cuisine: "양식" }),
      call("check_availability", { restaurant_id: "R-HD-01", date: "2026-12-24" }),
      call("book_table", { restaurant_id: "R-HD-01", date: "2026-12-24", time: "20:00", party_size: 2 }),
    ],
    { reservations: [{ id: "R-HD-01@2026-12-24T20:00", restaurant_id: "R-HD-01", date: "2026-12-24", time: "20:00", party_size: 2 }] },
  ],
  [
    "booking",
    "book-too-many",
    "12월 31일 저녁 6시에 홍대 파스타 6명 예약해줘.",
    [call("find_restaurants", { area: "홍대" })],
    { reservations: [] },
  ],
  [
    "booking",
    "book-cancel-lunch",
    "12월 25일 한우정 점심 예약 취소해줘.",
    [call("list_reservations"), call("cancel_reservation", { reservation_id: "R-GN-02@2026-12-25T12:00" })],
    { reservations: [], restaurants: { "R-GN-02": { slots: { "2026-12-25": ["12:00", "19:00"] } } } },
    {
      reservations: [{ id: "R-GN-02@2026-12-25T12:00", restaurant_id: "R-GN-02", date: "2026-12-25", time: "12:00", party_size: 2 }],
      "restaurants.R-GN-02.slots.2026-12-25": ["19:00"],
    },
  ],
  [
    "booking",
    "book-hanwoo-eight",
    "12월 24일에 강남 한식당 8명 예약 가능한 시간으로 잡아줘.",
    [
      call("find_restaurants", { area: "강남", cuisine: "한식" }),
      call("check_availability", { restaurant_id: "R-GN-02", date: "2026-12-24" }),
      call("book_table", { restaurant_id: "R-GN-02", date: "2026-12-24", time: "19:00", party_size: 8 }),
    ],
    { reservations: [{ id: "R-GN-02@2026-12-24T19:00", restaurant_id: "R-GN-02", date: "2026-12-24", time: "19:00", party_size: 8 }] },
  ],
  [
    "booking+calendar",
    "book-and-calendar",
    "12월 25일 저녁 6시에 강남 스시 3명 예약하고, 내 캘린더에도 '크리스마스 저녁'으로 6시부터 8시까지 넣어줘.",
    [
      call("find_restaurants", { area: "강남", cuisine: "일식" }),
      call("book_table", { restaurant_id: "R-GN-01", date: "2026-12-25", time: "18:00", party_size: 3 }),
      call("create_event", { title: "크리스마스 저녁", date: "2026-12-25", start: "18:00", end: "20:00" }),
    ],
    {
      reservations: [{ id: "R-GN-01@2026-12-25T18:00", restaurant_id: "R-GN-01", date: "2026-12-25", time: "18:00", party_size: 3 }],
      events: [E1, E2, E3, event("크리스마스 저녁", "2026-12-25", "18:00", "20:00")],
    },
  ],
];

/** Applies `a.b.c: value` overrides (and plain keys) to a copy of a state. */
function withOverrides(state, overrides = {}) {
  const copy = structuredClone(state);
  for (const [path, value] of Object.entries(overrides)) {
    const keys = path.split(".");
    // Dates contain dots nowhere, but restaurant ids and dates contain '-': split on '.' only.
    let node = copy;
    for (const key of keys.slice(0, -1)) node = node[key];
    node[keys.at(-1)] = value;
  }
  return copy;
}

function contains(actual, expected) {
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((value) => actual.some((candidate) => contains(candidate, value) && contains(value, candidate)))
    );
  if (expected && typeof expected === "object")
    return actual && typeof actual === "object" && Object.entries(expected).every(([key, value]) => contains(actual[key], value));
  return actual === expected;
}

const lines = [];
for (const [domain, id, request, solution, expectedState, overrides] of TASKS) {
  const domains = domain.split("+");
  const state = Object.assign({}, ...domains.map((name) => withOverrides(STATE[name], domains.length === 1 ? overrides : {})));
  const tools = domains.flatMap((name) => TOOLS[name]);
  const task = {
    id,
    domain: domains[0],
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: request },
    ],
    tools,
    state,
    solution,
    expected: { decision: "call", state: expectedState },
  };
  const environment = createEnvironment(task);
  for (const step of solution) {
    try {
      environment.call(step.name, step.arguments);
    } catch (error) {
      throw new Error(`task ${id}: the reference call ${step.name} fails: ${error.message}`);
    }
  }
  if (!contains(environment.state(), expectedState))
    throw new Error(`task ${id}: the reference solution does not reach the expected state:\n${JSON.stringify(environment.state())}`);
  lines.push(JSON.stringify({ ...task, target: `state:${id}` }));
}
writeFileSync(new URL("../suites/kfm-agent-ko/data/tasks.jsonl", import.meta.url), lines.join("\n") + "\n");
console.log(`${lines.length} tasks, every reference solution reaches its expected state`);
