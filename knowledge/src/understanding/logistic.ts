/**
 * Binary logistic regression over a handful of dense signals: the calibration layer that turns
 * classifier probabilities, lexical coverage and margins into one probability of being right.
 * Fitted by Newton's method on standardised inputs, so it is deterministic.
 */
export interface SerializedLogistic {
  names: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

export interface WeightedExample {
  x: number[];
  y: 0 | 1;
  weight: number;
}

const NEWTON_STEPS = 12;
/** Keeps weights finite when a signal separates the classes perfectly. */
const L2 = 1e-2;

export class LogisticModel {
  private constructor(private readonly data: SerializedLogistic) {}

  static fit(names: string[], examples: readonly WeightedExample[]): LogisticModel {
    const d = names.length;
    const total = examples.reduce((s, e) => s + e.weight, 0) || 1;
    const mean = names.map((_, j) => examples.reduce((s, e) => s + e.weight * e.x[j]!, 0) / total);
    const scale = names.map((_, j) => Math.sqrt(examples.reduce((s, e) => s + e.weight * (e.x[j]! - mean[j]!) ** 2, 0) / total) || 1);
    // Standardised inputs with a constant 1 appended for the bias.
    const z = examples.map((e) => [...e.x.map((v, j) => (v - mean[j]!) / scale[j]!), 1]);
    const w = new Array<number>(d + 1).fill(0);
    // Newton's method (iteratively reweighted least squares): a dozen steps reach the optimum.
    for (let it = 0; it < NEWTON_STEPS; it++) {
      const gradient = new Array<number>(d + 1).fill(0);
      const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
      examples.forEach((e, i) => {
        const zi = z[i]!;
        const p = sigmoid(dot(w, zi));
        const g = ((p - e.y) * e.weight) / total;
        const h = (p * (1 - p) * e.weight) / total;
        for (let a = 0; a <= d; a++) {
          gradient[a]! += g * zi[a]!;
          for (let b = 0; b <= a; b++) hessian[a]![b]! += h * zi[a]! * zi[b]!;
        }
      });
      for (let a = 0; a <= d; a++) {
        for (let b = 0; b < a; b++) hessian[b]![a] = hessian[a]![b]!;
        if (a < d) {
          gradient[a]! += L2 * w[a]!;
          hessian[a]![a]! += L2;
        }
      }
      const step = solve(hessian, gradient);
      for (let a = 0; a <= d; a++) w[a]! -= step[a]!;
    }
    return new LogisticModel({ names, mean, scale, weights: w.slice(0, d), bias: w[d]! });
  }

  static fromJSON(data: SerializedLogistic): LogisticModel {
    return new LogisticModel(data);
  }

  toJSON(): SerializedLogistic {
    return this.data;
  }

  get names(): readonly string[] {
    return this.data.names;
  }

  /** Weight of each signal on the standardised scale: its sign says which way it pushes. */
  weightOf(name: string): number {
    return this.data.weights[this.data.names.indexOf(name)] ?? 0;
  }

  probability(x: readonly number[]): number {
    let s = this.data.bias;
    for (let j = 0; j < x.length; j++) s += this.data.weights[j]! * ((x[j]! - this.data.mean[j]!) / this.data.scale[j]!);
    return sigmoid(s);
  }
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and symmetric positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const diag = m[col]![col]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / diag;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * The threshold on a fitted probability that makes the most weighted decisions right: above it
 * the positive action is taken. Ties go to the lower threshold.
 */
export function bestThreshold(scored: readonly { p: number; y: 0 | 1; weight: number }[]): number {
  const sorted = [...scored].sort((a, b) => b.p - a.p);
  // Start with everything below the threshold (all negative decisions).
  let correct = sorted.reduce((s, e) => s + (e.y === 0 ? e.weight : 0), 0);
  let best = correct;
  let threshold = 1;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    correct += e.y === 1 ? e.weight : -e.weight;
    const next = sorted[i + 1];
    if (correct > best && (!next || next.p < e.p)) {
      best = correct;
      threshold = next ? (e.p + next.p) / 2 : e.p / 2;
    }
  }
  return threshold;
}
