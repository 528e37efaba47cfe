/**
 * The reports people read: the HTML report opened in the headless Chromium the project drives
 * (screenshot, counts, an expected failure's reason, the status filters), Markdown, JUnit, `dlspec
 * report` for a saved run, `dlspec diff`, and the terminal under a real pseudo-terminal.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from './helpers.js';

const run = promisify(execFile);
let dir: string;
let report: { summary: { total: { pass: number; xfail: number; skip: number } }; backends: Array<{ name: string; cases: Array<{ id: string; subject: string; status: string; maxUlpRelative: unknown }> }> };
const CHROMIUM = process.env.DLSPEC_CHROMIUM ?? '/usr/bin/chromium';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dlspec-reports-'));
  const { code } = await runCli(['run', '--backend', 'cpu,tensorflow', '--family', 'softmax', '--reporter', 'json,junit,html,markdown', '--out', join(dir, 'r.json'), '--junit-out', join(dir, 'r.xml'), '--html-out', join(dir, 'r.html'), '--markdown-out', join(dir, 'r.md')]);
  expect(code).toBe(3); // tensorflow was named and cannot start here
  report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'));
});

describe('the HTML report', () => {
  it('opens in Chromium with the counts, an expected failure and its reason, and working filters', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`file://${join(dir, 'r.html')}`);
      const shot = join(dir, 'r.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect((await stat(shot)).size).toBeGreaterThan(20_000);
      const t = report.summary.total;
      expect(await page.locator('#verdict').textContent()).toContain(`${t.pass} pass, ${t.xfail} xfail, ${t.skip} skip`);
      // A known finding on cpu, with its reason in the row.
      const row = page.locator('#cases tbody tr', { hasText: 'softmax/xent-large-logits' }).filter({ hasText: 'tf.losses.softmaxCrossEntropy[NONE]' });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.textContent()).toMatch(/xfail.*computes logits - logSumExp/);
      // Filters: passes are hidden at first; showing them shows every case.
      const shown = () => page.locator('#shown').textContent();
      const all = report.backends.flatMap((b) => b.cases).length;
      expect(await shown()).toBe(`${all - t.pass} of ${all} cases shown`);
      await page.locator('input[value=pass]').check();
      expect(await shown()).toBe(`${all} of ${all} cases shown`);
      await page.locator('input[name=q]').fill('xent-large-logits');
      expect(await shown()).toMatch(/^\d+ of \d+ cases shown$/);
      // The heat map has a cell per op and backend, and says tensorflow did not run.
      expect(await page.locator('.heat tbody tr').count()).toBe(4);
      expect(await page.locator('details', { hasText: 'tensorflow' }).textContent()).toMatch(/unavailable/);
    } finally {
      await browser.close();
    }
  });
});

describe('Markdown and JUnit', () => {
  it('summarises in Markdown for a CI job summary', async () => {
    const md = await readFile(join(dir, 'r.md'), 'utf8');
    expect(md).toMatch(/^## dlspec conformance: FAILED\n/);
    expect(md).toMatch(/\| cpu \| ok \| \d+ pass, 9 xfail, 30 skip · max \d+ ULP \|/);
    expect(md).toMatch(/- `tensorflow` \*\*unavailable\*\*: neither @tensorflow\/tfjs-node-gpu/);
  });

  it('puts the measured error in JUnit messages and a backend that did not start as its error', async () => {
    const xml = await readFile(join(dir, 'r.xml'), 'utf8');
    expect(xml).toMatch(/<skipped message="xfail: expected: tf\.losses\.softmaxCrossEntropy computes logits - logSumExp/);
    const wrong = join(dir, 'wrong.xml');
    await runCli(['run', '--backend', '../examples/custom-backend/wrong-softmax.js', '--case', 'softmax/random-8x10', '--subject', 'tf.softmax', '--reporter', 'junit', '--junit-out', wrong]);
    expect(await readFile(wrong, 'utf8')).toMatch(
      /<failure message="fail: a: \d+ of 80 values outside f32-op \(worst \[\d+\]: got [\d.e-]+, expected [\d.e-]+; max \d+ ULP\) \| worst: a\[\d+\]: got [\d.e-]+, expected [\d.e-]+, \d+ ULP; bound 0\.000001 \+ 0\.00001 \|expected\| = [\d.e-]+" type="fail">/,
    );
    expect(xml).toMatch(/<testcase classname="tensorflow" name="tensorflow did not start"><error message="unavailable: neither @tensorflow/);
    expect(xml).toMatch(/<testsuite name="tensorflow" tests="1" failures="0" errors="1"/);
  });

  it('writes a saved run again with other reporters', async () => {
    const { code } = await runCli(['report', join(dir, 'r.json'), '--reporter', 'markdown', '--markdown-out', join(dir, 'again.md')]);
    expect(code).toBe(3);
    expect(await readFile(join(dir, 'again.md'), 'utf8')).toBe(await readFile(join(dir, 'r.md'), 'utf8'));
  });
});

describe('dlspec diff', () => {
  it('lists new failures and ULP moves and exits 1 on a regression, 0 the other way round', async () => {
    const base = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'));
    const head = structuredClone(base);
    const cpu = head.backends.find((b: { name: string }) => b.name === 'cpu');
    const broken = cpu.cases.find((c: { status: string; subject: string }) => c.status === 'pass' && c.subject === 'tf.softmax');
    Object.assign(broken, { status: 'fail', message: 'a: 80 of 80 values outside f32-op' });
    const drifted = cpu.cases.find((c: { status: string; maxUlpRelative: number }) => c.status === 'pass' && c.maxUlpRelative >= 2 && c !== broken);
    drifted.maxUlpRelative *= 10;
    await writeFile(join(dir, 'head.json'), JSON.stringify(head));
    const forward = await runCli(['diff', join(dir, 'r.json'), join(dir, 'head.json'), '--markdown-out', join(dir, 'diff.md')]);
    expect(forward.code).toBe(1);
    expect(forward.stdout).toContain(`cpu ${broken.id} [tf.softmax]: pass -> fail; a: 80 of 80 values outside f32-op`);
    expect(forward.stdout).toMatch(new RegExp(`cpu ${drifted.id} .*: pass -> pass; max \\d+ -> \\d+ ULP \\(x10\\.0\\)`));
    expect(forward.stdout).toMatch(/^REGRESSED: 2 regression\(s\)/m);
    expect(await readFile(join(dir, 'diff.md'), 'utf8')).toMatch(/^## dlspec diff: \*\*2 regression\(s\)\*\*/);
    const back = await runCli(['diff', join(dir, 'head.json'), join(dir, 'r.json')]);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/^Improvements \(2\)/m);
  });
});

describe('the terminal', () => {
  /** The command under a real pseudo-terminal (util-linux `script`), with env added. */
  const tty = async (env: Record<string, string>) =>
    (await run('script', ['-qec', `${process.execPath} ${CLI} run --backend cpu --family samplers`, '/dev/null'], { env: { ...process.env, ...env, NO_COLOR: env.NO_COLOR ?? '', FORCE_COLOR: env.FORCE_COLOR ?? '' }, maxBuffer: 16 << 20 })).stdout;
  const colour = /\x1b\[(3\d|9\d)m/;

  it('draws live progress in place and colours statuses on a terminal', async () => {
    const out = await tty({});
    expect(out).toMatch(/\x1b\[2K\[dlspec\] cpu: \d+ results/);
    expect(out).toMatch(/\x1b\[32mOK\x1b\[39m: /);
  });

  it('honours NO_COLOR', async () => {
    const out = await tty({ NO_COLOR: '1' });
    expect(out).not.toMatch(colour);
    expect(out).toMatch(/OK: 14 pass/);
  });

  it('writes plain lines when not on a terminal, and colour only when FORCE_COLOR asks', async () => {
    const piped = await runCli(['run', '--backend', 'cpu', '--family', 'samplers']);
    expect(piped.stderr).toMatch(/^\[dlspec\] cpu: started$/m);
    expect(piped.stderr + piped.stdout).not.toMatch(/\x1b\[/);
    const forced = await run(process.execPath, [CLI, 'run', '--backend', 'cpu', '--family', 'samplers'], { env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(forced.stdout).toMatch(colour);
  });

  it('ends with the one-line summary whatever the reporters', async () => {
    const { stderr } = await runCli(['run', '--backend', 'cpu', '--family', 'samplers', '--reporter', 'json', '--out', join(dir, 'quiet.json')]);
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^OK: 14 pass, 0 xfail, 0 skip, 0 fail, 0 error, 0 xpass on 1 of 1 backends$/);
  });
});
