// One search process for the journal tests: node search-child.mjs <journal> <kind>. It runs the
// search of kind `coarse` or `random` over the journal (joining it if it exists) with the bowl
// objective in this process, and prints its record's trial count.
import { bowl } from './objectives.mjs';
import { searchOf } from './searches.mjs';

const [journal, kind] = process.argv.slice(2);
const record = await searchOf(kind, { storage: journal, resume: true, objective: bowl });
process.stdout.write(`${JSON.stringify({ pid: process.pid, trials: record.trials.length })}\n`);
