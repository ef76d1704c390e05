// `node --cpu-prof scripts/bench-profile.ts`: the seeds classified for 5 s, for a CPU profile.
import { loadGazetteer } from '../src/config/load-gazetteer.ts';
import { loadVetoModel } from '../src/config/load-veto.ts';
import { classify } from '../src/domain/classify/index.ts';
import { loadSeeds } from './eval-lib.ts';

const gazetteer = loadGazetteer();
const veto = loadVetoModel();
const seeds = (loadSeeds() ?? []).map((s) => s.text);
const until = performance.now() + 5000;
let n = 0;
while (performance.now() < until && seeds.length > 0) {
  for (const s of seeds) {
    classify(s, gazetteer, veto);
    n++;
  }
}
console.log(`${n} seed articles classified`);
