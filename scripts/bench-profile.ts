// `node --cpu-prof scripts/bench-profile.ts`: the seeds classified for 5 s, for a CPU profile.
import { loadRecogniser } from '../src/config/load-recogniser.ts';
import { loadSeeds } from './eval-lib.ts';

const recogniser = loadRecogniser();
const seeds = (loadSeeds() ?? []).map((s) => s.text);
const until = performance.now() + 5000;
let n = 0;
while (performance.now() < until && seeds.length > 0) {
  for (const s of seeds) {
    recogniser.classify(s);
    n++;
  }
}
console.log(`${n} seed articles classified`);
