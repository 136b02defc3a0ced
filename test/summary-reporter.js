/**
 * Adds one plain closing line, `Tests: N passed, N failed[, N skipped]`, that tools reading the end
 * of a CI log understand without knowing Jest's format. Written at exit, so it comes after Jest's summary.
 */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.once('exit', () => process.stderr.write(`${line}\n`));
  }
}
