#!/usr/bin/env node
// The package's command. Plain old JavaScript up to the version check, so a Node too old
// to run Echo Lab says so in one line instead of failing on syntax it does not know.
'use strict';

var path = require('path');
var url = require('url');
var pkg = require('../package.json');

var wanted = /(\d+)\.(\d+)/.exec(pkg.engines.node);
var have = process.versions.node.split('.').map(Number);
var need = [Number(wanted[1]), Number(wanted[2])];
if (have[0] < need[0] || (have[0] === need[0] && have[1] < need[1])) {
  process.stderr.write(
    'echo-lab: needs Node.js ' + need.join('.') + ' or newer; this is ' + process.version + '\n',
  );
  process.exit(1);
}

var args = process.argv.slice(2);
var entry = 'main.js';
if (args[0] === 'client') {
  // `echo-lab client [host] [port]`: the client reads its arguments after the word.
  process.argv.splice(2, 1);
  entry = 'client.js';
}
import(url.pathToFileURL(path.join(__dirname, '../dist/server', entry)).href);
