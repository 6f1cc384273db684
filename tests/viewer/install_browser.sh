#!/usr/bin/env bash
# Install what the viewer test needs on Debian/Ubuntu (as root): Chromium, driven headless by the
# Python `playwright` package (which never downloads a browser here), and a CJK font so that the
# screenshot shows Chinese names. Safe to run twice.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null
