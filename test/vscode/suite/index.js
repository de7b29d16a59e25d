// Entry point VS Code loads as extensionTestsPath (both launchers): runs the *.test.js files of this folder in
// name order inside the extension host, and writes a result file for the launcher.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  if (process.env.YOMIAGE_TEST_GREP) mocha.grep(process.env.YOMIAGE_TEST_GREP);
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) {
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
