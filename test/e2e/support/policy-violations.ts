/**
 * Every Content-Security-Policy violation a phone's pages run into, across navigations and reloads: the page's
 * own `securitypolicyviolation` events (sent to the test as they happen, so a navigation cannot lose them) and
 * Chromium's console errors about the policy (which also name blocked eval and blocked workers).
 */
import type { BrowserContext, Page } from 'playwright-core'

export interface PolicyViolation {
  /** The screen it happened on. */
  url: string
  directive: string
  blocked: string
  sample: string
}

const BINDING = '__xsjPolicyViolation'

export async function watchPolicyViolations(context: BrowserContext, page: Page): Promise<PolicyViolation[]> {
  const violations: PolicyViolation[] = []
  await context.exposeBinding(BINDING, (_source, violation: PolicyViolation) => {
    violations.push(violation)
  })
  await context.addInitScript((binding) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as Record<string, (violation: unknown) => void>)[binding]
      report?.({
        url: location.pathname,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample,
      })
    })
  }, BINDING)
  page.on('console', (message) => {
    const text = message.text()
    if (message.type() === 'error' && /Content Security Policy/i.test(text))
      violations.push({ url: new URL(page.url()).pathname, directive: 'console', blocked: '', sample: text })
  })
  return violations
}
