// B-cubed precision, recall and F1 of a clustering against gold labels (Bagga & Baldwin, 1998):
// for each item, precision is the share of its predicted cluster that shares its gold label, and
// recall the share of its gold cluster that the predicted cluster holds; both are averaged over items.

export interface BCubed {
  precision: number;
  recall: number;
  f1: number;
}

/** `predicted` and `gold` map each item id to its cluster id; only items in both are scored. */
export function bcubed(predicted: ReadonlyMap<string, string>, gold: ReadonlyMap<string, string>): BCubed {
  const items = [...gold.keys()].filter((id) => predicted.has(id));
  if (items.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const members = (labels: ReadonlyMap<string, string>) => {
    const groups = new Map<string, string[]>();
    for (const id of items) {
      const label = labels.get(id) as string;
      groups.set(label, [...(groups.get(label) ?? []), id]);
    }
    return groups;
  };
  const predictedGroups = members(predicted);
  const goldGroups = members(gold);
  let precision = 0;
  let recall = 0;
  for (const id of items) {
    const mine = predictedGroups.get(predicted.get(id) as string) as string[];
    const truth = goldGroups.get(gold.get(id) as string) as string[];
    const shared = mine.filter((other) => gold.get(other) === gold.get(id)).length;
    precision += shared / mine.length;
    recall += shared / truth.length;
  }
  precision /= items.length;
  recall /= items.length;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

export interface ClusterError {
  kind: 'wrong_merge' | 'split';
  /** Gold incident ids involved. */
  gold: string[];
  /** Predicted incident ids involved. */
  predicted: string[];
  items: string[];
}

/** Every predicted cluster that mixes gold incidents (a wrong merge) and every gold incident spread over several (a split). */
export function clusterErrors(predicted: ReadonlyMap<string, string>, gold: ReadonlyMap<string, string>): ClusterError[] {
  const errors: ClusterError[] = [];
  const byPredicted = new Map<string, string[]>();
  const byGold = new Map<string, string[]>();
  for (const [id, label] of gold) {
    const p = predicted.get(id);
    if (p === undefined) continue;
    byPredicted.set(p, [...(byPredicted.get(p) ?? []), id]);
    byGold.set(label, [...(byGold.get(label) ?? []), id]);
  }
  for (const [p, ids] of byPredicted) {
    const golds = [...new Set(ids.map((id) => gold.get(id) as string))];
    if (golds.length > 1) errors.push({ kind: 'wrong_merge', gold: golds.sort(), predicted: [p], items: ids.sort() });
  }
  for (const [g, ids] of byGold) {
    const preds = [...new Set(ids.map((id) => predicted.get(id) as string))];
    if (preds.length > 1) errors.push({ kind: 'split', gold: [g], predicted: preds.sort(), items: ids.sort() });
  }
  return errors;
}
