/**
 * The Vant components of the app shell (App.vue, the tab bar, Vant's locale), with their stylesheets: all the Vant
 * CSS the entry carries. Pages import ui/vant.ts, whose stylesheets load with the first page's chunk; App.vue's
 * notice bar loads when it is shown (ui/vant-notice-bar.ts).
 */
import 'vant/es/config-provider/style/index.mjs'
import 'vant/es/tabbar/style/index.mjs'
import 'vant/es/tabbar-item/style/index.mjs'

export { ConfigProvider, Locale, Tabbar, TabbarItem } from 'vant'
