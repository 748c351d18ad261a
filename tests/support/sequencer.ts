import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Unit and integration files first, the browser files last, so that a broken rule fails
 * fast; within each group, vitest's own order (failed first, then the longest).
 */
export class UnitsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const inBrowser = (f: TestSpecification): boolean => f.moduleId.includes('/tests/e2e/');
    return [...sorted.filter((f) => !inBrowser(f)), ...sorted.filter(inBrowser)];
  }
}
