/** `dlspec fixtures generate|check|manifest`. */
import type { Command } from 'commander';
import { checkFixtures, generateFixtures } from '../generate.js';
import { writeManifest } from './manifest.js';

export function fixturesCommand(program: Command): void {
  const fixtures = program.command('fixtures').description('golden fixtures');
  fixtures
    .command('generate')
    .description('write every fixture and the manifest from the case definitions and the float64 specs')
    .action(async () => {
      console.log(`wrote ${await generateFixtures()} fixtures and manifest.json`);
    });
  fixtures
    .command('check')
    .description('regenerate in memory and fail, naming the file, on any drift or tampering')
    .action(async () => {
      const { checked, problems } = await checkFixtures();
      for (const p of problems) console.error(`fixtures check: ${p.file}: ${p.problem}`);
      console.log(`fixtures check: ${checked} fixtures, ${problems.length} problem(s)`);
      process.exitCode = problems.length ? 1 : 0;
    });
  fixtures
    .command('manifest')
    .argument('<folder>', 'the set: its folder (manifest.json beside data/) or its data folder (manifest.json one level up)')
    .description("check every fixture of a set that is not dlspec's own and write its manifest.json (nothing is written if any file is bad)")
    .option('--set <name>', "the set's name, which expectations files may name (default: the manifest's, else the folder's name)")
    .action(async (folder: string, opts: { set?: string }) => {
      const { folder: where, set, files, problems } = await writeManifest(folder, opts.set === undefined ? {} : { set: opts.set });
      for (const p of problems) console.error(`fixtures manifest: ${p}`);
      if (problems.length) {
        console.error(`fixtures manifest: ${problems.length} of ${files} fixtures have problems; ${where.manifestFile} was not written`);
        process.exitCode = 1;
        return;
      }
      console.log(`wrote ${where.manifestFile}: set ${set}, ${files} fixtures (run them: dlspec run --fixtures ${folder})`);
    });
}
