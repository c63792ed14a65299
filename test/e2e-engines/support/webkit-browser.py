#!/usr/bin/python3
"""A WebKitGTK browser for WebKitWebDriver whose website data is kept on disk.

MiniBrowser (the driver's default) always runs automation on an ephemeral data store, where IndexedDB refuses
Blobs, so the app's photos could not be stored at all. This runs the same engine with a real store.

Arguments: --automation [--data-dir=DIR] [--features=+A,-B] [--user-agent=UA]
  --data-dir   keep the profile there (a relaunch on the same origin finds it); without it a temp dir,
               deleted on exit
  --features   WebKit feature flags, MiniBrowser's syntax (StorageAPI and StorageAPIEstimate give
               navigator.storage, off by default in WebKitGTK as it is on in Safari)
  --user-agent what the page sees as navigator.userAgent (an iPhone's, for the screens an iPhone gets)
Must run under Debian's /usr/bin/python3, where python3-gi and gir1.2-webkit2-4.1 are.
"""
import os
import shutil
import signal
import sys
import tempfile

import gi

gi.require_version('Gtk', '3.0')
gi.require_version('WebKit2', '4.1')
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

options = dict(arg[2:].split('=', 1) for arg in sys.argv[1:] if arg.startswith('--') and '=' in arg)
is_own_dir = 'data-dir' not in options
data_dir = options.get('data-dir') or tempfile.mkdtemp(prefix='xsj-webkit-')

manager = WebKit2.WebsiteDataManager(
    base_data_directory=os.path.join(data_dir, 'data'),
    base_cache_directory=os.path.join(data_dir, 'cache'),
)
context = WebKit2.WebContext.new_with_website_data_manager(manager)
context.set_automation_allowed(True)

settings = WebKit2.Settings()
# The page's console goes to stdout, where the test runner can show it beside a failure.
settings.set_enable_write_console_messages_to_stdout(True)
if 'user-agent' in options:
    settings.set_user_agent(options['user-agent'])
features = WebKit2.Settings.get_all_features()
features_by_name = {}
for i in range(features.get_length()):
    feature = features.get(i)
    features_by_name[feature.get_identifier().lower()] = feature
for flag in filter(None, options.get('features', '').split(',')):
    name = flag.lstrip('+-!').lower()
    if name not in features_by_name:
        print(f'webkit-browser: unknown feature {flag}', file=sys.stderr)
        continue
    settings.set_feature_enabled(features_by_name[name], not flag.startswith(('-', '!')))

windows = set()


def on_window_gone(window):
    windows.discard(window)
    if not windows:
        Gtk.main_quit()


def create_web_view(*_):
    view = WebKit2.WebView(web_context=context, settings=settings, is_controlled_by_automation=True)
    window = Gtk.Window()
    window.set_default_size(390, 844)
    window.add(view)
    windows.add(window)
    window.connect('destroy', on_window_gone)
    view.connect('close', lambda _view: window.destroy())
    window.show_all()
    return view


def on_automation_started(_context, session):
    info = WebKit2.ApplicationInfo()
    info.set_name('xsj-webkit-browser')
    info.set_version(WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version())
    session.set_application_info(info)
    session.connect('create-web-view', create_web_view)


context.connect('automation-started', on_automation_started)
GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, lambda: Gtk.main_quit() or False)
Gtk.main()
if is_own_dir:
    shutil.rmtree(data_dir, ignore_errors=True)
