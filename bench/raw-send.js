// The raw client's request loop, shared by bench/raw-client.js and bench/raw-campaign.js: `concurrency`
// workers send the bodies in order through one undici pool and read each reply as JSON.

/** Sends every body; resolves to the count of replies that were not a 200 with choices. */
export async function sendAll(pool, path, concurrency, bodies) {
  let next = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const response = await pool.request({ method: "POST", path, body, headers: { "content-type": "application/json" } });
        const json = await response.body.json();
        if (response.statusCode !== 200 || !json.choices) failures++;
      }
    }),
  );
  return failures;
}
