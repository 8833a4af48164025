'use strict';
// Prints the case × (client, transport) table and the reasons behind FAIL cells.
// A result is { outcome: 'PASS' | 'FAIL', reason }.

function pad(text, width) {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

function printTable(cases, columns, results, out = console.log) {
  const caseWidth = Math.max(...cases.map((c) => c.length)) + 2;
  const widths = columns.map((c) => Math.max([...c.short].length, 4) + 2);
  out(pad('case', caseWidth) + columns.map((c, i) => pad(c.short, widths[i])).join(''));
  out('-'.repeat(caseWidth + widths.reduce((a, b) => a + b, 0)));
  for (const testCase of cases) {
    const cells = columns.map((c, i) => pad(results.get(`${testCase}|${c.label}`).outcome, widths[i]));
    out(pad(testCase, caseWidth) + cells.join(''));
  }
}

function printReasons(cases, columns, results, outcome, out = console.log) {
  for (const testCase of cases) {
    for (const c of columns) {
      const r = results.get(`${testCase}|${c.label}`);
      if (r.outcome === outcome) out(`${outcome} ${testCase} [${c.label}]: ${r.reason}`);
    }
  }
}

module.exports = { printTable, printReasons };
