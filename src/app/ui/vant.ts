/**
 * The Vant components the pages use, each with its own stylesheet. Importing them here, explicitly, keeps the
 * dependency visible and the bundle to what is used (Vant's full CSS is several times larger). The app shell
 * (App.vue, the tab bar) imports its few from ui/vant-shell.ts instead: these stylesheets then come with the first
 * page's chunk, not in the entry's render-blocking CSS.
 */
import 'vant/es/action-sheet/style/index.mjs'
import 'vant/es/badge/style/index.mjs'
import 'vant/es/button/style/index.mjs'
import 'vant/es/cell/style/index.mjs'
import 'vant/es/cell-group/style/index.mjs'
import 'vant/es/checkbox/style/index.mjs'
import 'vant/es/checkbox-group/style/index.mjs'
import 'vant/es/date-picker/style/index.mjs'
import 'vant/es/dialog/style/index.mjs'
import 'vant/es/empty/style/index.mjs'
import 'vant/es/field/style/index.mjs'
import 'vant/es/icon/style/index.mjs'
import 'vant/es/list/style/index.mjs'
import 'vant/es/loading/style/index.mjs'
import 'vant/es/nav-bar/style/index.mjs'
import 'vant/es/popup/style/index.mjs'
import 'vant/es/progress/style/index.mjs'
import 'vant/es/radio/style/index.mjs'
import 'vant/es/radio-group/style/index.mjs'
import 'vant/es/search/style/index.mjs'
import 'vant/es/stepper/style/index.mjs'
import 'vant/es/switch/style/index.mjs'
import 'vant/es/tag/style/index.mjs'
import 'vant/es/time-picker/style/index.mjs'
import 'vant/es/toast/style/index.mjs'

export { NoticeBar } from './vant-notice-bar'
export { ConfigProvider, Locale, Tabbar, TabbarItem } from './vant-shell'
export {
  ActionSheet,
  Badge,
  Button,
  Cell,
  CellGroup,
  Checkbox,
  CheckboxGroup,
  DatePicker,
  Empty,
  Field,
  Icon,
  List,
  Loading,
  NavBar,
  Popup,
  Progress,
  Radio,
  RadioGroup,
  Search,
  Stepper,
  Switch,
  Tag,
  TimePicker,
  showConfirmDialog,
  showDialog,
  showToast,
  showSuccessToast,
  showFailToast,
} from 'vant'
