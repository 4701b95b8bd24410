// Screenshots of `kfm view` for the README:
//   npx tsx scripts/viewer-screenshots.ts <resultsDir> <runId> <runIdA> <runIdB> [<campaignResultsDir>]
// The last argument serves a campaign's results folder (after `kfm campaign report`) for its leaderboard page.
// Drives the same headless Chromium as the browser tests (tests/helpers/chromium.ts).
import { view } from "../src/app/view.js";
import { Browser } from "../tests/helpers/chromium.js";

const [resultsDir = "results", run, runA, runB, campaignDir] = process.argv.slice(2);
const server = await view({ resultsDir, port: 0 });
const browser = await Browser.launch();
try {
  const page = await browser.newPage(1280, 820);
  await page.goto(server.url);
  await page.screenshot("docs/viewer-runs.png");
  if (run) {
    await page.goto(`${server.url}run?id=${encodeURIComponent(run)}&status=incorrect`);
    await page.waitFor("document.querySelectorAll('#items-rows .item-row').length > 0", "the items");
    await page.evaluate("document.querySelector('#items-rows .item-row').click()");
    await page.waitFor("document.getElementById('item-detail').textContent.length > 0", "an item's detail");
    await page.evaluate("document.getElementById('item-browser').scrollIntoView()");
    await page.screenshot("docs/viewer-run.png");
  }
  if (runA && runB) {
    await page.goto(`${server.url}compare?a=${encodeURIComponent(runA)}&b=${encodeURIComponent(runB)}`);
    await page.screenshot("docs/viewer-compare.png");
  }
  if (page.errors.length) throw new Error(`console errors: ${page.errors.join("\n")}`);
} finally {
  await browser.close();
  await server.close();
}
if (campaignDir) {
  const campaignServer = await view({ resultsDir: campaignDir, port: 0 });
  const campaignBrowser = await Browser.launch();
  try {
    const page = await campaignBrowser.newPage(1280, 820);
    await page.goto(`${campaignServer.url}campaigns`);
    const href = await page.evaluate<string>("document.querySelector('#campaigns a').getAttribute('href')");
    await page.goto(`${campaignServer.url}${href.slice(1)}`);
    await page.screenshot("docs/viewer-campaign.png");
    if (page.errors.length) throw new Error(`console errors: ${page.errors.join("\n")}`);
  } finally {
    await campaignBrowser.close();
    await campaignServer.close();
  }
}
