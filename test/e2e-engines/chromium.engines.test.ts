import { describeCoreFlows } from './core-flows'
import { puppeteerEngine } from './support/puppeteer-engine'

describeCoreFlows(puppeteerEngine('chromium'))
