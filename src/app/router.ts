import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { RecordTable } from '../shared/records'
import { loadHomePage, loadMePage, loadRecordListPage } from './page-loaders'
import { TABLE_PATHS } from './record-paths'
import { useDataStore } from './stores/data'

/** Each record type has the same four screens under its own path. */
const recordRoutes = (table: RecordTable, path: string = TABLE_PATHS[table]): RouteRecordRaw[] => [
  {
    path: `/${path}`,
    name: `${table}-list`,
    component: loadRecordListPage,
    props: { table },
    meta: { tab: path },
  },
  {
    path: `/${path}/new`,
    name: `${table}-new`,
    component: () => import('./pages/RecordFormPage.vue'),
    props: { table },
  },
  {
    path: `/${path}/:id`,
    name: `${table}-detail`,
    component: () => import('./pages/RecordDetailPage.vue'),
    props: (route) => ({ table, id: route.params.id }),
  },
  {
    path: `/${path}/:id/edit`,
    name: `${table}-edit`,
    component: () => import('./pages/RecordFormPage.vue'),
    props: (route) => ({ table, id: route.params.id }),
  },
  {
    path: `/${path}/:id/conflicts`,
    name: `${table}-conflicts`,
    component: () => import('./pages/ConflictPage.vue'),
    props: (route) => ({ table, id: route.params.id }),
  },
]

/** vue-router's param patterns allow no groups, so the month's range (01–12) is checked here. */
const isMonth = (value: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(value)

export function createAppRouter() {
  return createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/', name: 'home', component: loadHomePage, meta: { tab: 'home' } },
      { path: '/figures/:figure', name: 'figure', component: () => import('./pages/FigurePage.vue'), props: true },
      { path: '/reminders', name: 'reminders', component: () => import('./pages/RemindersPage.vue') },
      { path: '/review', name: 'review', component: () => import('./pages/ReviewPage.vue') },
      {
        path: '/units/:id/plan/:year?',
        name: 'unit-plan',
        component: () => import('./pages/PlanPage.vue'),
        props: true,
      },
      {
        path: '/units/:id/year/:year?',
        name: 'unit-year',
        component: () => import('./pages/UnitYearPage.vue'),
        props: true,
      },
      { path: '/year/:year?', name: 'year', component: () => import('./pages/YearPage.vue'), props: true },
      {
        path: '/settings/reporting',
        name: 'report-settings',
        component: () => import('./pages/ReportSettingsPage.vue'),
      },
      ...recordRoutes('studySessions'),
      ...recordRoutes('readingNotes'),
      ...recordRoutes('visits'),
      { path: '/search', name: 'search', component: () => import('./pages/SearchPage.vue') },
      { path: '/me', name: 'me', component: loadMePage, meta: { tab: 'me' } },
      { path: '/guide/ios', name: 'ios-guide', component: () => import('./pages/IosGuidePage.vue') },
      { path: '/login', name: 'login', component: () => import('./pages/SignInPage.vue') },
      { path: '/setup', name: 'setup', component: () => import('./pages/SetupPage.vue') },
      { path: '/sync/issues', name: 'sync-issues', component: () => import('./pages/SyncIssuesPage.vue') },
      // The export screen and the print view come as one chunk and get the database as a prop instead of importing
      // the data store: either way round, the bundler cuts the first screen's shared chunks differently and the entry
      // grows (by 0.5–0.8 KB gzip, measured). See pages/export-pages.ts.
      {
        path: '/export',
        name: 'export',
        component: () => import('./pages/export-pages').then((m) => m.ExportPage),
        props: () => ({ db: useDataStore().db }),
      },
      {
        path: '/print/:month(\\d{4}-\\d{2})',
        name: 'print',
        beforeEnter: (to) => isMonth(String(to.params.month)) || '/export',
        component: () => import('./pages/export-pages').then((m) => m.PrintLedgerPage),
        props: (route) => ({ month: route.params.month, db: useDataStore().db }),
      },
      { path: '/admin/accounts', name: 'accounts', component: () => import('./pages/AccountsPage.vue') },
      { path: '/admin/units', name: 'units', component: () => import('./pages/AdminUnitsPage.vue') },
      { path: '/admin/units/:id', name: 'unit', component: () => import('./pages/AdminUnitPage.vue'), props: true },
      {
        path: '/units/:id/members',
        name: 'unit-members',
        component: () => import('./pages/UnitMembersPage.vue'),
        props: true,
      },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
}
