// Entry point VS Code loads as extensionTestsPath (both launchers): runs the *.test.js files of this folder in
// name order inside the extension host, and writes a result file for the launcher.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  if (process.env.YOMIAGE_TEST_GREP) mocha.grep(new RegExp(process.env.YOMIAGE_TEST_GREP)); // a regular expression
  // *.installed.test.js check the installed package itself: only when the launcher installed a VSIX.
  const installed = !!process.env.YOMIAGE_TEST_INSTALLED;
  const files = fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js') && (installed || !n.endsWith('.installed.test.js')));
  for (const f of files.sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const failed = [];
    const runner = mocha.run((failures) => {
      const out = process.env.YOMIAGE_TEST_RESULT_FILE;
      if (out) {
        const stats = { passes: runner.stats.passes, failures, pending: runner.stats.pending, failed };
        fs.writeFileSync(out + '.tmp', JSON.stringify(stats) + '\n');
        fs.renameSync(out + '.tmp', out);
      }
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
    runner.on('fail', (t) => failed.push(t.fullTitle()));
  });
};
