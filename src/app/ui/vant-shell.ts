/**
 * The Vant components of the app shell (App.vue, the tab bar, Vant's locale), with their stylesheets: all the Vant
 * CSS the entry carries. Pages import ui/vant.ts, whose stylesheets load with the first page's chunk.
 */
import 'vant/es/config-provider/style/index.mjs'
import 'vant/es/notice-bar/style/index.mjs'
import 'vant/es/tabbar/style/index.mjs'
import 'vant/es/tabbar-item/style/index.mjs'

export { ConfigProvider, Locale, NoticeBar, Tabbar, TabbarItem } from 'vant'
