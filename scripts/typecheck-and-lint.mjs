// `tsc -b` and `eslint .` in one process, for npm test. The lint's type-aware rules need
// the same TypeScript programs the type check builds and checks; run apart, each builds and
// checks them on its own, and that second check was most of the lint's CPU. Here the
// programs are built once, their diagnostics printed as tsc prints them, and then handed to
// the lint (typescript-eslint's `parserOptions.programs`), whose checker finds them warm.
// `npm run typecheck` and `npm run lint` stay the plain tools; this reports what they report.
//
// Usage: node scripts/typecheck-and-lint.mjs

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The projects `tsc -b` builds: those the root tsconfig.json references. */
function referencedProjects() {
  const root = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, host());
  return (root?.projectReferences ?? []).map((ref) => ts.resolveProjectReferencePath(ref));
}

const configProblems = [];

function host() {
  return { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => configProblems.push(d) };
}

function typecheck(configPath) {
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, host());
  if (!config) return { program: null, files: [], diagnostics: [] };
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  return { program, files: config.fileNames, diagnostics: ts.getPreEmitDiagnostics(program) };
}

const checked = referencedProjects().map(typecheck);
const diagnostics = [...configProblems, ...checked.flatMap((c) => c.diagnostics)];
if (diagnostics.length > 0) {
  const formatHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  };
  const format = process.stdout.isTTY
    ? ts.formatDiagnosticsWithColorAndContext
    : ts.formatDiagnostics;
  process.stdout.write(`${format(diagnostics, formatHost)}\n`);
  process.stdout.write(`typecheck: ${diagnostics.length} error(s)\n`);
}

/**
 * Each file is linted with the program of the project that includes it, as the project
 * service does; a file two projects include (shared/) takes the first reference's, so the
 * first goes last here (later entries win). A program alone would not do: tests import page
 * modules, which would then be linted without the page's DOM types.
 */
const byProject = checked
  .filter((c) => c.program !== null)
  .map((c) => ({
    files: c.files.map((f) => path.relative(ROOT, f)),
    languageOptions: { parserOptions: { projectService: false, programs: [c.program] } },
  }))
  .reverse();
const eslint = new ESLint({ cwd: ROOT, overrideConfig: byProject });
const results = await eslint.lintFiles(['.']);
const formatter = await eslint.loadFormatter('stylish');
const report = await formatter.format(results);
if (report) process.stdout.write(`${report}\n`);
const lintErrors = results.reduce((n, r) => n + r.errorCount + r.fatalErrorCount, 0);

process.exitCode = diagnostics.length > 0 || lintErrors > 0 ? 1 : 0;
