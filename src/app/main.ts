// First: the page the app opens at starts loading while the rest of the app is evaluated (first-page.ts).
import './first-page'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import './ui/vant-shell'
import './styles.css'
import App from './App.vue'
import { loadEnglish } from './i18n/use-i18n'
import { listenForInstallPrompt } from './pwa/install'
import { useKeptScreens } from './first-screen'
import { createAppRouter } from './router'
import { useSettingsStore } from './stores/settings'

// The browser fires beforeinstallprompt once, early: listen before anything else mounts.
listenForInstallPrompt()

const app = createApp(App)
app.use(createPinia())
const settings = useSettingsStore()
settings.applyToDocument()
const router = createAppRouter()
app.use(router)
// The picture of this page painted before the app ran (public/first-screen.js) gives way to the page itself.
useKeptScreens(router)
// English readers get English from the first paint; Chinese readers never download it.
void (settings.locale === 'en-US' ? loadEnglish() : Promise.resolve()).then(() => app.mount('#app'))
