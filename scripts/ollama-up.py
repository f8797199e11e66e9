#!/usr/bin/env python3
"""Exit 0 when an Ollama server answers HEAD / at OLLAMA_HOST (Ollama's own
rules for the address, simplified: scheme and port default to http and
11434), else print why and exit 1. Used by setup.sh and smoke-ollama.sh."""
import os
import sys
import urllib.request

host = os.environ.get("OLLAMA_HOST", "").strip().strip("\"'") or "127.0.0.1:11434"
if "://" not in host:
    host = "http://" + host
    if host.count(":") < 2 and not host.endswith("]"):
        host += ":11434"
url = host.rstrip("/") + "/"
try:
    with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception as e:  # refused, timeout, HTTP error: all mean "not usable"
    print(f"no Ollama at {url} ({getattr(e, 'reason', e)})")
    sys.exit(1)
