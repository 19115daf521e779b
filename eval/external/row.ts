/** One line of the external-data table: a task, the file it read, and each system's numbers. */
export interface ExternalRow {
  task: string;
  /** Files read, relative to the shared datasets folder. */
  files: string[];
  items: number;
  /** system → metric → value (shares are 0..1). */
  systems: Record<string, Record<string, number>>;
  note?: string;
}
