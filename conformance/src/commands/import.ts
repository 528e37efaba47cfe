/** `dlspec import onnx <folder> --out <folder>`: another suite's tests as a dlspec fixture set. */
import type { Command } from 'commander';
import { importOnnx, type ImportResult } from '../import/onnx/import.js';

function text(r: ImportResult, out: string): string {
  const lines = [`converted ${r.converted.length} ONNX ${r.onnxVersion} node tests into ${r.converted.reduce((n, c) => n + c.fixtures.length, 0)} fixtures (set ${r.set}):`];
  for (const c of r.converted) {
    lines.push(`  ${c.test} -> ${c.fixtures.join(', ')}`);
    for (const n of c.notConverted) lines.push(`      not converted: ${n}`);
  }
  lines.push(`skipped ${r.skipped.length} tests:`);
  for (const s of r.skipped) lines.push(`  ${s.test}: ${s.reason}`);
  if (r.failed.length) {
    lines.push(`failed ${r.failed.length} tests (files that cannot be read):`);
    for (const f of r.failed) lines.push(`  ${f.test}: ${f.reason}`);
  }
  lines.push(`${r.otherTests} tests of other operators not considered`);
  lines.push(`wrote ${r.dataDir} and ${r.manifestFile}; run them: dlspec run --fixtures ${out}`);
  return `${lines.join('\n')}\n`;
}

export function importCommand(program: Command): void {
  const imports = program.command('import').description("convert another suite's tests into a dlspec fixture set");
  imports
    .command('onnx')
    .argument('<folder>', "ONNX's backend node tests (onnx/backend/test/data/node; Debian: /usr/share/libonnx-testdata/data/node), or one test's folder")
    .description('convert the node tests of Softmax, LogSoftmax, SoftmaxCrossEntropyLoss, BatchNormalization, Adam, Momentum and Adagrad; list every one skipped, with the reason')
    .requiredOption('-o, --out <folder>', 'a new or empty folder for the set (data/ and manifest.json)')
    .option('--onnx-version <version>', "the ONNX release of the tests (default: the source tree's VERSION_NUMBER, or the Debian package's version)")
    .option('--set <name>', "the set's name (default onnx-<version>)")
    .option('--json', 'the result as JSON')
    .addHelpText('after', '\nExit status: 0 converted (skips listed); 1 some test could not be read (the others converted); 2 bad usage or nothing to convert.')
    .action(async (folder: string, opts: { out: string; onnxVersion?: string; set?: string; json?: boolean }) => {
      const result = await importOnnx({ from: folder, out: opts.out, ...(opts.onnxVersion ? { onnxVersion: opts.onnxVersion } : {}), ...(opts.set ? { set: opts.set } : {}) });
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : text(result, opts.out));
      process.exitCode = result.failed.length ? 1 : 0;
    });
}
