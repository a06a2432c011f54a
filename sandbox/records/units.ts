/** Units as Kling writes them in `billing[].amount` and `final_unit_deduction`: a decimal string. */
export function formatUnits(units: number): string {
  return String(Math.round(units * 1000) / 1000);
}
