/**
 * One axe (WCAG 2 A/AA) sweep of the page as it is now, reported per rule with
 * a few selectors and the first reason: enough to find the cause.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** Violations as readable lines; empty when the page passes. */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return violations.map((violation) => {
    const shown = violation.nodes
      .slice(0, 5)
      .map((node) => `  ${node.target.join(' ')}`)
      .join('\n');
    const more = violation.nodes.length > 5 ? `\n  … and ${violation.nodes.length - 5} more` : '';
    const why = violation.nodes[0]?.failureSummary?.split('\n').slice(0, 2).join(' ') ?? '';
    return `${violation.id} (${violation.impact ?? 'n/a'}, ${violation.nodes.length} nodes): ${violation.help}\n${shown}${more}\n  ${why}`;
  });
}
