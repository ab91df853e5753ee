// axe.mjs checks a built mindlines site for accessibility with axe-core in
// Debian's headless Chromium, driven by playwright-core (never a browser
// download).
//
//   node .ci/axe.mjs SITE_DIR [ARTIFACTS_DIR]
//
// It serves SITE_DIR on 127.0.0.1 with a tiny static server, then checks the
// home page, a post, a tag page, a stage page, an author page and the 404
// page in light and dark colour schemes at mobile (375px) and desktop
// (1280px) widths, saving a full-page screenshot of each to ARTIFACTS_DIR
// (.ci/artifacts by default). Every other HTML page is checked once, light
// and mobile, without a screenshot. It exits 1 when any page has a violation
// of impact serious or critical, or scrolls sideways; lesser violations are
// printed as notes.
//
// CHROMIUM overrides the browser (/usr/bin/chromium).

import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(process.argv[2] ?? '');
const artifacts = path.resolve(process.argv[3] ?? path.join(here, 'artifacts'));
const axeSource = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');
const failing = new Set(['serious', 'critical']);

if (!process.argv[2]) {
  console.error('usage: node .ci/axe.mjs SITE_DIR [ARTIFACTS_DIR]');
  process.exit(2);
}

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript',
  '.xml': 'application/xml', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.avif': 'image/avif', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2', '.pdf': 'application/pdf',
};

// serve answers as a static host does: a folder's index.html, else the
// site's 404.html with status 404.
async function serve(req, res) {
  const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = path.join(siteDir, path.normalize(urlPath));
  if (!file.startsWith(siteDir)) file = siteDir; // no escaping the site
  let status = 200;
  try {
    if ((await fs.stat(file)).isDirectory()) file = path.join(file, 'index.html');
    await fs.access(file);
  } catch {
    status = 404;
    file = path.join(siteDir, '404.html');
  }
  try {
    const body = await fs.readFile(file);
    res.writeHead(status, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}

async function htmlPages(dir, rel = '') {
  const out = [];
  for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...await htmlPages(dir, r));
    else if (e.name.endsWith('.html')) out.push(r);
  }
  return out.sort();
}

// choose picks the pages the issue names. The post is the largest one, as it
// has the most kinds of content (tables, footnotes, figures) to get wrong.
async function choose(pages) {
  const urlOf = (p) => '/' + p.replace(/(^|\/)index\.html$/, '$1');
  const first = (re) => pages.find((p) => re.test(p));
  let post = null;
  let postSize = -1;
  for (const p of pages) {
    if (!/^[^/]+\/[^/]+\/index\.html$/.test(p) || /^(tags|stages|authors|page)\//.test(p)) continue;
    const size = (await fs.stat(path.join(siteDir, p))).size;
    if (size > postSize) [post, postSize] = [p, size];
  }
  const named = [
    ['home', 'index.html'],
    ['post', post],
    ['tag', first(/^tags\/[^/]+\/index\.html$/)],
    ['stage', first(/^stages\/[^/]+\/index\.html$/)],
    ['author', first(/^authors\/[^/]+\/index\.html$/)],
  ];
  const chosen = [];
  for (const [name, p] of named) {
    if (!p) throw new Error(`the site has no ${name} page`);
    chosen.push({ name, url: urlOf(p), file: p });
  }
  chosen.push({ name: '404', url: '/no-such-page/', file: '404.html', status: 404 });
  return chosen;
}

const server = http.createServer((req, res) => {
  serve(req, res).catch((err) => { res.writeHead(500).end(String(err)); });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // Playwright adds --headless and a fresh temporary --user-data-dir. The
  // rest keep Chromium off the network, which this machine's closed network
  // would otherwise refuse many times a run.
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-quic', '--disable-sync'],
});

let serious = 0;
let notes = 0;
let runs = 0;
const problems = [];

async function check(context, page, label, expectStatus = 200, shot = null) {
  const tab = await context.newPage();
  try {
    const res = await tab.goto(origin + page.url, { waitUntil: 'load' });
    if (res.status() !== expectStatus) {
      problems.push(`${label}: ${page.url} answered ${res.status()}, want ${expectStatus}`);
      serious++;
    }
    // WCAG 1.4.10 (reflow): nothing may make a reader scroll sideways, even at
    // 375px; axe leaves this to people, so measure it here.
    const overflow = await tab.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return null;
      const wide = [...document.querySelectorAll('body *')].find((e) => e.getBoundingClientRect().right > width + 1);
      return { width, scroll: document.documentElement.scrollWidth, what: wide ? wide.outerHTML.slice(0, 120) : '?' };
    });
    if (overflow) {
      serious++;
      problems.push(`${label}: the page is ${overflow.scroll}px wide in a ${overflow.width}px window (scrolls sideways); first too wide: ${overflow.what}`);
    }
    await tab.addScriptTag({ path: axeSource });
    const result = await tab.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    runs++;
    for (const v of result.violations) {
      // The first reason of each element is enough to find it; the help URL has the rest.
      const where = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n')[1]?.trim() ?? ''}`);
      const line = `${label}: [${v.impact}] ${v.id}: ${v.help} ${v.helpUrl} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'})\n${where.join('\n')}`;
      if (failing.has(v.impact)) {
        serious++;
        problems.push(line);
      } else {
        notes++;
        console.log('note: ' + line);
      }
    }
    if (shot) await tab.screenshot({ path: shot, fullPage: true });
  } finally {
    await tab.close();
  }
}

try {
  await fs.mkdir(artifacts, { recursive: true });
  const pages = await htmlPages(siteDir);
  const chosen = await choose(pages);
  const viewports = [['mobile', { width: 375, height: 812 }], ['desktop', { width: 1280, height: 800 }]];
  for (const scheme of ['light', 'dark']) {
    for (const [vpName, viewport] of viewports) {
      const context = await browser.newContext({ colorScheme: scheme, viewport, reducedMotion: 'reduce' });
      for (const page of chosen) {
        const label = `${page.name} ${page.url} (${scheme}, ${vpName})`;
        await check(context, page, label, page.status ?? 200, path.join(artifacts, `${page.name}-${scheme}-${vpName}.png`));
        console.log(`checked ${label}`);
      }
      await context.close();
    }
  }
  // The rest of the pages, once each: cheap, and a template branch that
  // only one page takes (pager, section intro, backlinks) is covered too.
  const done = new Set(chosen.map((p) => p.file));
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 375, height: 812 } });
  let rest = 0;
  for (const p of pages) {
    if (done.has(p)) continue;
    const url = '/' + p.replace(/(^|\/)index\.html$/, '$1');
    await check(context, { url }, `${url} (light, mobile)`);
    rest++;
  }
  await context.close();
  console.log(`checked ${rest} more pages once each (light, mobile)`);
} finally {
  await browser.close();
  server.close();
}

for (const p of problems) console.error('FAIL ' + p);
console.log(`axe: ${runs} page checks, ${serious} serious or critical violations, ${notes} lesser notes; screenshots in ${artifacts}`);
process.exit(serious > 0 ? 1 : 0);
