# The webview browser test and the editor-render bench drive Debian's Chromium through playwright-core
# (never `npx playwright install`). Sourced by scripts/setup.sh, which defines apt_install.
apt_install chromium
