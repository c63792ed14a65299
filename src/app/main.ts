import { createPinia } from 'pinia'
import { createApp } from 'vue'
import './ui/vant'
import './styles.css'
import App from './App.vue'
import { listenForInstallPrompt } from './pwa/install'
import { createAppRouter } from './router'
import { useSettingsStore } from './stores/settings'

// The browser fires beforeinstallprompt once, early: listen before anything else mounts.
listenForInstallPrompt()

const app = createApp(App)
app.use(createPinia())
useSettingsStore().applyToDocument()
app.use(createAppRouter())
app.mount('#app')
