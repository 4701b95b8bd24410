import { afterEach, describe, expect, it } from "vitest";
import { AnswerKey } from "./answer-key.js";
import type { AnswerKeyEntry } from "./options.js";
import { expectedOutcome } from "./policy.js";
import { startSimServer, type SimServer } from "./server.js";

const key: AnswerKeyEntry[] = Array.from({ length: 200 }, (_, index) => ({
  question: `문제 ${index}: 다음 중 옳은 것은?`,
  choices: [`${index}가`, `${index}나`, `${index}다`, `${index}라`],
  answer: "ABCD"[index % 4]!,
  subject: index % 2 ? "odd" : "even",
}));

function prompt(entry: AnswerKeyEntry): string {
  return `다음 문제를 푸세요.\n\n${entry.question}\nA. ${entry.choices[0]}\nB. ${entry.choices[1]}\nC. ${entry.choices[2]}\nD. ${entry.choices[3]}`;
}

let server: SimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function chat(url: string, content: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content }] }),
  });
}

/** The letter a reply names, for the styles the simulator uses (a test-local reading, not kfm's scorer). */
function letterOf(content: string): string | undefined {
  const text = content.replace(/<think>[\s\S]*?<\/think>/, "").trim();
  const circled = "①②③④".indexOf(text);
  if (circled >= 0) return "ABCD"[circled];
  const number = /^(\d)번$/.exec(text);
  if (number) return "ABCD"[Number(number[1]) - 1];
  return (
    /(?:정답\s*[:：]\s*|답은 \(|\*\*|^\(|\\boxed\{|"answer": "|정답은 |The answer is \()([A-D])/.exec(text)?.[1] ??
    /^([A-D])\. /.exec(text)?.[1]
  );
}

describe("simulated endpoint", () => {
  it("answers in the OpenAI shape, lists its model, and is deterministic across restarts", async () => {
    server = await startSimServer({ seed: 5, answerKey: key });
    const models = (await (await fetch(`${server.url}/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data[0]!.id).toBe("kfm-sim-1");
    const first = (await (await chat(server.url, prompt(key[3]!))).json()) as {
      object: string;
      choices: Array<{ message: { content: string } }>;
      usage: { prompt_tokens: number };
    };
    expect(first.object).toBe("chat.completion");
    expect(first.usage.prompt_tokens).toBeGreaterThan(0);
    const again = (await (await chat(server.url, prompt(key[3]!))).json()) as typeof first;
    await server.close();
    server = await startSimServer({ seed: 5, answerKey: key });
    const restarted = (await (await chat(server.url, prompt(key[3]!))).json()) as typeof first;
    expect(again.choices[0]!.message.content).toBe(first.choices[0]!.message.content);
    expect(restarted.choices[0]!.message.content).toBe(first.choices[0]!.message.content);
  });

  it("gives the key's answer exactly when expectedOutcome says correct, at the set accuracy", async () => {
    const options = { seed: 1, accuracy: 0.7, noAnswerRate: 0, answerKey: key };
    server = await startSimServer(options);
    let correct = 0;
    for (const entry of key) {
      const body = (await (await chat(server.url, prompt(entry))).json()) as { choices: Array<{ message: { content: string } }> };
      const letter = letterOf(body.choices[0]!.message.content);
      const expected = expectedOutcome(options, entry);
      expect({ content: body.choices[0]!.message.content, right: letter === entry.answer }).toEqual({
        content: body.choices[0]!.message.content,
        right: expected === "correct",
      });
      if (expected === "correct") correct++;
    }
    expect(correct / key.length).toBeGreaterThan(0.6);
    expect(correct / key.length).toBeLessThan(0.8);
  });

  it("per-subject accuracy 1 and 0", () => {
    const options = { seed: 2, accuracy: 0.5, noAnswerRate: 0, subjectAccuracy: { even: 1, odd: 0 } };
    expect(key.filter((entry) => entry.subject === "even").every((entry) => expectedOutcome(options, entry) === "correct")).toBe(true);
    expect(key.filter((entry) => entry.subject === "odd").every((entry) => expectedOutcome(options, entry) === "incorrect")).toBe(true);
  });

  it("finds the real question after five few-shot examples", () => {
    const answerKey = new AnswerKey(key);
    const shots = key
      .slice(10, 15)
      .map((entry) => `${prompt(entry)}\n정답：${entry.answer}`)
      .join("\n\n");
    expect(answerKey.lookup(`${shots}\n\n${prompt(key[42]!)}\n정답：`).entry).toBe(key[42]);
  });

  it("requires the bearer key when configured", async () => {
    server = await startSimServer({ apiKey: "right", answerKey: key });
    expect((await chat(server.url, prompt(key[0]!))).status).toBe(401);
    expect((await chat(server.url, prompt(key[0]!), { authorization: "Bearer right" })).status).toBe(200);
  });

  it.each([
    ["rate429", 429],
    ["rate500", 500],
    ["rate502", 502],
    ["rate503", 503],
  ] as const)("fault %s at rate 1 answers %i", async (fault, status) => {
    server = await startSimServer({ faults: { [fault]: 1 }, answerKey: key });
    const response = await chat(server.url, prompt(key[0]!));
    expect(response.status).toBe(status);
    if (status === 429) expect(response.headers.get("retry-after")).toBe("1");
  });

  it("429 without Retry-After, resets, malformed JSON, and a held request that close() ends promptly", async () => {
    server = await startSimServer({ faults: { rate429: 1, retryAfterSeconds: null } });
    expect((await chat(server.url, "x")).headers.get("retry-after")).toBeNull();
    await server.close();
    server = await startSimServer({ faults: { rateReset: 1 } });
    await expect(chat(server.url, "x")).rejects.toThrow();
    await server.close();
    server = await startSimServer({ faults: { rateMalformed: 1 } });
    const text = await (await chat(server.url, "x")).text();
    expect(() => JSON.parse(text)).toThrow();
    await server.close();
    server = await startSimServer({ faults: { rateTimeout: 1 } });
    const held = chat(server.url, "x").catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = server.close();
    server = undefined;
    await closing;
    expect(await held).toBeInstanceOf(Error);
  });
});
