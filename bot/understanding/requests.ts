/** What the router hands to the ticket features, taken from an Interpretation. */
export type StatusRequest = { kind: 'code'; code: string } | { kind: 'mine' };

export interface ReportDetection {
  category: string;
  /** Other plausible categories, best first. */
  alternatives: string[];
  confidence: number;
}
