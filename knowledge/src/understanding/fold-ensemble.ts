/**
 * The classifiers of the calibration folds, averaged. Each one was trained without a quarter of
 * the alternate questions and without a quarter of the entries, so on a new message they behave
 * as they did on the held-out folds the calibration was fitted on — which a single model
 * trained on everything does not: it is surer of itself on near-domain questions.
 * A class a member never saw (its entry was removed in that fold) is averaged over the others.
 */
import { SoftmaxClassifier, type SerializedClassifier } from './softmax-classifier.ts';
import type { SparseVector } from './text-features.ts';

export interface ProbabilityModel {
  readonly classes: readonly string[];
  predict(vector: SparseVector): Float64Array;
}

export interface EnsembleMember {
  classifier: SoftmaxClassifier;
  /** 1 where the member's training data held the class. */
  present: Uint8Array;
}

export interface SerializedEnsemble {
  members: { classifier: SerializedClassifier; present: number[] }[];
}

export class FoldEnsemble implements ProbabilityModel {
  readonly classes: readonly string[];

  constructor(private readonly members: readonly EnsembleMember[]) {
    if (members.length === 0) throw new Error('an ensemble needs at least one member');
    this.classes = members[0]!.classifier.classes;
  }

  static fromJSON(data: SerializedEnsemble): FoldEnsemble {
    return new FoldEnsemble(data.members.map((m) => ({ classifier: SoftmaxClassifier.fromJSON(m.classifier), present: Uint8Array.from(m.present) })));
  }

  toJSON(): SerializedEnsemble {
    return { members: this.members.map((m) => ({ classifier: m.classifier.toJSON(), present: [...m.present] })) };
  }

  predict(vector: SparseVector): Float64Array {
    const width = this.classes.length;
    const sum = new Float64Array(width);
    const count = new Float64Array(width);
    for (const member of this.members) {
      const p = member.classifier.predict(vector);
      for (let c = 0; c < width; c++) {
        if (!member.present[c]) continue;
        sum[c]! += p[c]!;
        count[c]!++;
      }
    }
    let total = 0;
    for (let c = 0; c < width; c++) total += sum[c] = count[c] ? sum[c]! / count[c]! : 0;
    for (let c = 0; c < width; c++) sum[c]! /= total || 1;
    return sum;
  }
}
