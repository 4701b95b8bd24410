// Deterministic tool implementations for the kfm-agent-ko suite: banking, calendar, shopping and
// restaurant bookings over a plain JSON state. Every function is a pure step on that state (no
// clock, no randomness, ids from counters), so the same calls always give the same results and
// the same final state. A thrown Error goes back to the model as a tool error.

const won = (amount) => `${amount.toLocaleString("en-US")}원`;

function need(condition, message) {
  if (!condition) throw new Error(message);
}

const tools = {
  // Banking
  list_accounts: (state) => Object.entries(state.accounts).map(([id, account]) => ({ account_id: id, name: account.name, owner: account.owner, ...(account.owner === "me" ? { balance: account.balance } : {}) })),
  get_balance: (state, { account_id }) => {
    const account = state.accounts[account_id];
    need(account, `계좌 ${account_id}을(를) 찾을 수 없습니다.`);
    need(account.owner === "me", `본인 계좌가 아니어서 잔액을 조회할 수 없습니다: ${account_id}`);
    return { account_id, balance: account.balance, display: won(account.balance) };
  },
  transfer: (state, { from_account, to_account, amount, memo }) => {
    const from = state.accounts[from_account];
    const to = state.accounts[to_account];
    need(from, `출금 계좌 ${from_account}을(를) 찾을 수 없습니다.`);
    need(to, `입금 계좌 ${to_account}을(를) 찾을 수 없습니다.`);
    need(from.owner === "me", "본인 계좌에서만 출금할 수 있습니다.");
    need(from_account !== to_account, "같은 계좌로는 이체할 수 없습니다.");
    need(Number.isInteger(amount) && amount > 0, "이체 금액은 1원 이상의 정수여야 합니다.");
    need(from.balance >= amount, `잔액이 부족합니다 (잔액 ${won(from.balance)}).`);
    from.balance -= amount;
    to.balance += amount;
    const transfer = { from_account, to_account, amount, ...(memo ? { memo } : {}) };
    state.transfers.push(transfer);
    return { status: "완료", ...transfer, balance_after: from.balance };
  },

  // Calendar
  list_events: (state, { date }) => state.events.filter((event) => event.date === date),
  create_event: (state, { title, date, start, end }) => {
    need(start < end, "종료 시각은 시작 시각보다 늦어야 합니다.");
    const clash = state.events.find((event) => event.date === date && event.start < end && start < event.end);
    need(!clash, `같은 시간에 일정이 있습니다: ${clash?.title} (${clash?.start}-${clash?.end})`);
    // Ids come from content, not a counter, so the final state does not depend on the order of calls.
    const event = { id: `${date}T${start}`, title, date, start, end };
    state.events.push(event);
    return { status: "생성됨", ...event };
  },
  cancel_event: (state, { event_id }) => {
    const index = state.events.findIndex((event) => event.id === event_id);
    need(index >= 0, `일정 ${event_id}을(를) 찾을 수 없습니다.`);
    const [removed] = state.events.splice(index, 1);
    return { status: "취소됨", ...removed };
  },

  // Shopping
  search_products: (state, { query }) =>
    Object.entries(state.products)
      .filter(([, product]) => product.name.includes(query) || product.category.includes(query))
      .map(([sku, product]) => ({ sku, ...product })),
  add_to_cart: (state, { sku, quantity }) => {
    const product = state.products[sku];
    need(product, `상품 ${sku}을(를) 찾을 수 없습니다.`);
    need(Number.isInteger(quantity) && quantity > 0, "수량은 1 이상의 정수여야 합니다.");
    const inCart = state.cart.find((line) => line.sku === sku);
    const total = (inCart?.quantity ?? 0) + quantity;
    need(total <= product.stock, `재고가 부족합니다 (재고 ${product.stock}개).`);
    if (inCart) inCart.quantity = total;
    else state.cart.push({ sku, quantity });
    return { status: "담김", cart: state.cart };
  },
  remove_from_cart: (state, { sku }) => {
    const index = state.cart.findIndex((line) => line.sku === sku);
    need(index >= 0, `장바구니에 ${sku}이(가) 없습니다.`);
    state.cart.splice(index, 1);
    return { status: "삭제됨", cart: state.cart };
  },
  place_order: (state, { address }) => {
    need(state.cart.length > 0, "장바구니가 비어 있습니다.");
    const total = state.cart.reduce((sum, line) => sum + state.products[line.sku].price * line.quantity, 0);
    for (const line of state.cart) state.products[line.sku].stock -= line.quantity;
    const order = { items: state.cart, total, address };
    state.orders.push(order);
    state.cart = [];
    return { status: "주문 완료", ...order, display: won(total) };
  },

  // Restaurant bookings
  find_restaurants: (state, { area, cuisine }) =>
    Object.entries(state.restaurants)
      .filter(([, restaurant]) => restaurant.area === area && (cuisine === undefined || restaurant.cuisine === cuisine))
      .map(([id, restaurant]) => ({ restaurant_id: id, name: restaurant.name, cuisine: restaurant.cuisine })),
  check_availability: (state, { restaurant_id, date }) => {
    const restaurant = state.restaurants[restaurant_id];
    need(restaurant, `식당 ${restaurant_id}을(를) 찾을 수 없습니다.`);
    return { restaurant_id, date, available_times: restaurant.slots[date] ?? [] };
  },
  book_table: (state, { restaurant_id, date, time, party_size }) => {
    const restaurant = state.restaurants[restaurant_id];
    need(restaurant, `식당 ${restaurant_id}을(를) 찾을 수 없습니다.`);
    need(Number.isInteger(party_size) && party_size > 0 && party_size <= restaurant.max_party, `인원은 1~${restaurant.max_party}명이어야 합니다.`);
    const slots = restaurant.slots[date] ?? [];
    need(slots.includes(time), `${date} ${time}에는 예약할 수 없습니다. 가능한 시간: ${slots.join(", ") || "없음"}`);
    restaurant.slots[date] = slots.filter((slot) => slot !== time);
    const reservation = { id: `${restaurant_id}@${date}T${time}`, restaurant_id, date, time, party_size };
    state.reservations.push(reservation);
    return { status: "예약 완료", ...reservation };
  },
  list_reservations: (state) => state.reservations.map((reservation) => ({ ...reservation, restaurant: state.restaurants[reservation.restaurant_id]?.name })),
  cancel_reservation: (state, { reservation_id }) => {
    const index = state.reservations.findIndex((reservation) => reservation.id === reservation_id);
    need(index >= 0, `예약 ${reservation_id}을(를) 찾을 수 없습니다.`);
    const [removed] = state.reservations.splice(index, 1);
    const restaurant = state.restaurants[removed.restaurant_id];
    restaurant.slots[removed.date] = [...(restaurant.slots[removed.date] ?? []), removed.time].sort();
    return { status: "취소됨", ...removed };
  },
};

/** kfm's environment contract: a fresh copy of the task's state per trial, tools as pure steps on it. */
export function createEnvironment(task) {
  const state = structuredClone(task.state ?? {});
  const offered = new Set(task.tools.map((tool) => tool.name));
  return {
    call(name, args) {
      const tool = tools[name];
      if (!tool || !offered.has(name)) throw new Error(`tool ${name} is not available in this task`);
      return tool(state, args);
    },
    state: () => state,
  };
}
