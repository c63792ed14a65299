import { describeCoreFlows } from './core-flows'
import { webkitEngine } from './support/webkit-engine'

describeCoreFlows(webkitEngine())
