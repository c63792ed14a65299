/**
 * Vant's NoticeBar and its stylesheet, apart from the shell's: App.vue shows one only when there is something to say
 * (新版本可用, 登录已失效), so it loads then instead of with every start.
 */
import 'vant/es/notice-bar/style/index.mjs'

export { NoticeBar } from 'vant'
