# loco adapters install|update|remove|search against a local file server
# (tests/file_server.py: Range, cuts, 404s, redirects) and the fake Ollama.
# The file "GGUF lora adapter bytes for the tutor adapter, version one\n" is
# 59 bytes with SHA-256 ff6b3670...; "... version two\n" is f88fbfac....

=== install from the registry in force: progress, verify, files, entry, blob and create
$ sh -c '$LOCO adapters install tutor && ls $LOCO_HOME/adapters/tutor && tail -n 1 $LOCO_HOME/registry.yaml && head -n 2 $LOCO_HOME/registry.yaml'
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"}}}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0,
          description: "a patient tutor", tags: [teaching]}
--- stderr
downloading tutor 1.0.0 from http://127.0.0.1:$FPORT/a/lora.gguf
  downloading lora.gguf: 59 B
  downloading lora.gguf: done
verified lora.gguf: 59 B, sha256 ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0
loco: created $LOCO_HOME/registry.yaml with the adapters of (built-in registry)
creating locollm-tutor (missing)
  uploading lora.gguf: 59 B
  uploading lora.gguf: done
  parsing GGUF
  writing manifest
loco: note: the registry in force here is adapters/registry.yaml (from ./adapters/registry.yaml); installed adapters are in $LOCO_HOME/registry.yaml, which is used where no earlier registry is found, or with --registry $LOCO_HOME/registry.yaml
--- stdout
installed tutor 1.0.0 (lora) from $T/work/adapters/registry.yaml; model locollm-tutor created
lora.gguf
  tutor: {version: "1.0.0", domain: "tutor", active: false, type: lora, description: "a patient tutor", adapter_path: "adapters/tutor/lora.gguf", url: "http://127.0.0.1:$FPORT/a/lora.gguf", sha256: "ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0", tags: ["teaching"], installed_from: "$T/work/adapters/registry.yaml"}
# Adapters installed with 'loco adapters install', and those of
# (built-in registry), copied here on the first install (this file
--- files-requests
[{"method": "GET", "path": "/a/lora.gguf", "range": null, "status": 200}]
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "HEAD", "path": "/api/blobs/sha256:ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0"},
 {"method": "POST", "path": "/api/blobs/sha256:ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0"},
 {"method": "POST", "path": "/api/create", "body":
   {"model": "locollm-tutor", "from": "qwen3:4b",
    "adapters": {"lora.gguf": "sha256:ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0"},
    "stream": true}},
 {"method": "GET", "path": "/api/tags"}]

=== the installed adapter is in the home registry, next to the shipped ones, and listed as installed
$ sh -c '$LOCO -q adapters install --no-create tutor && cd .. && $LOCO -q adapters list'
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"}}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stdout
installed tutor 1.0.0 (lora) from $T/work/adapters/registry.yaml; run 'loco setup' to create locollm-tutor
NAME             VERSION   TYPE           DOMAIN       ACTIVE INSTALLED LAST EVAL              DESCRIPTION
math             0.1.0     system-prompt  math         yes    yes       -                      math word problems and arithmetic reasoning
code             0.1.0     system-prompt  code         yes    yes       -                      Python programming: writing, explaining and fixing code
analysis         0.1.0     system-prompt  analysis     yes    yes       -                      reading comprehension, summarising and analysing texts
tutor            1.0.0     lora           tutor        no     yes       -                      

=== a cut download resumes with a Range request on the next run
$ sh -c '$LOCO -q adapters install --no-create tutor; echo "exit $?"; ls $LOCO_HOME/adapters/tutor; $LOCO adapters install --no-create tutor'
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n", "cut_after": 20}}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stderr re
loco: error: the download of 'tutor' from http://127\.0\.0\.1:\d+/a/lora\.gguf stopped: the connection closed after 20 of 59 bytes; run 'loco adapters install tutor' again to resume from the bytes kept in .*/adapters/tutor/lora\.gguf\.part
downloading tutor 1\.0\.0 from http://127\.0\.0\.1:\d+/a/lora\.gguf
  downloading lora\.gguf: 59 B
  downloading lora\.gguf: 33%
  downloading lora\.gguf: done
verified lora\.gguf: 59 B, sha256 ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0 \(resumed\)
loco: created .*
loco: note: .*
--- stdout
exit 1
lora.gguf.part
installed tutor 1.0.0 (lora) from $T/work/adapters/registry.yaml; run 'loco setup' to create locollm-tutor
--- files-requests
[{"method": "GET", "path": "/a/lora.gguf", "range": null, "status": 200},
 {"method": "GET", "path": "/a/lora.gguf", "range": "bytes=20-", "status": 206}]

=== a download that stalls gives up after ollama.stall_timeout and resumes on the next run
$ sh -c '$LOCO -q adapters install --no-create tutor; echo "exit $?"; $LOCO -q adapters install --no-create tutor'
--- file home/.locollm/config.yaml
ollama: {stall_timeout: 1}
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n", "cut_after": 20, "stall_ms": 4000}}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stderr re
loco: error: the download of 'tutor' from http://127\.0\.0\.1:\d+/a/lora\.gguf stopped: the server sent nothing for 1 s \(ollama\.stall_timeout\); run 'loco adapters install tutor' again to resume from the bytes kept in .*/adapters/tutor/lora\.gguf\.part
--- stdout
exit 1
installed tutor 1.0.0 (lora) from $T/work/adapters/registry.yaml; run 'loco setup' to create locollm-tutor
--- files-requests
[{"method": "GET", "path": "/a/lora.gguf", "range": null, "status": 200},
 {"method": "GET", "path": "/a/lora.gguf", "range": "bytes=20-", "status": 206}]

=== a server that ignores the Range sends the whole file again, and it still verifies
$ sh -c 'mkdir -p $LOCO_HOME/adapters/tutor && printf "GGUF lora" > $LOCO_HOME/adapters/tutor/lora.gguf.part && $LOCO -q adapters install --no-create tutor'
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n", "ignore_range": true}}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stdout
installed tutor 1.0.0 (lora) from $T/work/adapters/registry.yaml; run 'loco setup' to create locollm-tutor
--- files-requests
[{"method": "GET", "path": "/a/lora.gguf", "range": "bytes=9-", "status": 200}]

=== a wrong checksum deletes the download and the folders it made, writes no entry, and exits 1
$ sh -c '$LOCO -q adapters install --no-create tutor; echo "exit $?"; test -e $LOCO_HOME/adapters || echo "no adapters folder"; test -e $LOCO_HOME/registry.yaml || echo "no home registry"'
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version two\n"}}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stderr
loco: error: the download of 'tutor' from http://127.0.0.1:$FPORT/a/lora.gguf is not the file its registry entry names: its SHA-256 is f88fbfac506c7df16f3218a50a27b427abbe61deb226fbbcae7eba7af5414804, not the expected ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0; the download was deleted. Check the url and sha256 of 'tutor' in adapters/registry.yaml
--- stdout
exit 1
no adapters folder
no home registry

=== a 404 names the URL and where the url comes from, and leaves no empty .part or folder
$ sh -c 'mkdir -p $LOCO_HOME/adapters/other; $LOCO -q adapters install --no-create tutor; echo "exit $?"; ls -A $LOCO_HOME/adapters'
--- stdout
exit 1
other
--- files-server
{"files": {}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/gone.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stderr
loco: error: cannot download 'tutor' from http://127.0.0.1:$FPORT/gone.gguf: HTTP 404 (not found): "404 page not found"; check its url in adapters/registry.yaml

=== a redirect is followed
$ loco -q adapters install --no-create tutor
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"}},
 "redirects": {"/latest.gguf": "/a/lora.gguf"}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/latest.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stdout
installed tutor 1.0.0 (lora) from $T/work/adapters/registry.yaml; run 'loco setup' to create locollm-tutor
--- files-requests
[{"path": "/latest.gguf", "status": 302}, {"path": "/a/lora.gguf", "status": 200}]

=== a redirect to file:// is refused and leaves no .part and no folder
$ sh -c '$LOCO -q adapters install --no-create tutor; echo "exit $?"; test -e $LOCO_HOME/adapters || echo "no adapters folder"'
--- files-server
{"files": {}, "redirects": {"/latest.gguf": "file:///etc/passwd"}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/latest.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stdout
exit 1
no adapters folder
--- stderr re
loco: error: cannot download 'tutor' from http://127\.0\.0\.1:\d+/latest\.gguf: .*

=== a redirect loop leaves no .part and no folder
$ sh -c '$LOCO -q adapters install --no-create tutor; echo "exit $?"; test -e $LOCO_HOME/adapters || echo "no adapters folder"'
--- files-server
{"files": {}, "redirects": {"/a.gguf": "/b.gguf", "/b.gguf": "/a.gguf"}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stdout
exit 1
no adapters folder
--- stderr re
loco: error: cannot download 'tutor' from http://127\.0\.0\.1:\d+/a\.gguf: .*

=== Ollama down: nothing is downloaded, exit 3 with both fixes
$ loco adapters install tutor
exit 3
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"}}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stderr
loco: error: cannot reach Ollama at http://127.0.0.1:9 (connection refused) while listing its models
hint: start it with 'ollama serve'
hint: or check OLLAMA_HOST (or give --host URL)
hint: or pass --no-create: download now, 'loco setup' makes the model later
--- files-requests
[]

=== an unknown adapter: did you mean, exit 4, nothing fetched
$ loco adapters install tuter
exit 4
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt}
--- stderr
loco: error: adapter 'tuter' not found in adapters/registry.yaml (no index_url is set); did you mean 'tutor'?

=== install from the index (index_url): a system-prompt adapter needs no download
$ sh -c '$LOCO adapters install --json poet && $LOCO -q adapters show poet'
--- files-server
{"files": {"/index.yaml": {"text": "base_model: {ollama_name: \"qwen3:4b\"}\nadapters:\n  poet: {version: 0.3.0, type: system-prompt, system_prompt: \"Answer in verse.\", description: \"poems and verse\", tags: [poetry, writing], active: true}\n"}}}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- file home/.locollm/config.yaml
index_url: "http://127.0.0.1:$FPORT/index.yaml"
--- stderr
loco: created $LOCO_HOME/registry.yaml with the adapters of (built-in registry)
creating locollm-poet (missing)
  writing manifest
--- stdout re
\{"installed":\[\{"name":"poet","status":"installed","version":"0\.3\.0","type":"system-prompt","from":"http://127\.0\.0\.1:\d+/index\.yaml","registry":"[^"]*/registry\.yaml","file":null,"model":"locollm-poet","model_status":"created","active":true\}\]\}
poet 0\.3\.0 \(system-prompt, domain poet, active\)
model: +locollm-poet \(from qwen3:4b\)
description: +poems and verse
tags: +poetry, writing
other keys: +installed_from
system prompt:
  Answer in verse\.
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/create", "body":
   {"model": "locollm-poet", "from": "qwen3:4b", "system": "Answer in verse.", "stream": true}},
 {"method": "GET", "path": "/api/tags"}]

=== a second install of an installed adapter says so and changes nothing
$ sh -c '$LOCO -q adapters install --no-create poet && $LOCO adapters install --no-create poet'
--- files-server
{"files": {"/index.yaml": {"text": "base_model: {ollama_name: \"qwen3:4b\"}\nadapters:\n  poet: {version: 0.3.0, type: system-prompt, system_prompt: \"Answer in verse.\"}\n"}}}
--- file home/.locollm/config.yaml
index_url: "http://127.0.0.1:$FPORT/index.yaml"
--- stdout re
installed poet 0\.3\.0 \(system-prompt\) from http://127\.0\.0\.1:\d+/index\.yaml; run 'loco setup' to create locollm-poet
--- stderr
loco: 'poet' 0.3.0 is already installed; 'loco adapters update poet' looks for a newer version, --force installs it again

=== update: a newer semantic version in the index is installed, the old file replaced
$ sh -c 'cp $T/index1.yaml $T/served.yaml; $LOCO -q adapters install --no-create tutor && cp $T/index2.yaml $T/served.yaml && $LOCO -q adapters update --check && $LOCO -q adapters update --no-create && ls $LOCO_HOME/adapters/tutor && $LOCO -q adapters update tutor'
--- files-server
{"files": {"/v1/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"},
           "/v2/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version two\n"},
           "/index.yaml": {"file": "$T/served.yaml"}}}
--- file index1.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/v1/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- file index2.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.1.0-rc.1, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/v2/lora.gguf",
          sha256: f88fbfac506c7df16f3218a50a27b427abbe61deb226fbbcae7eba7af5414804}
--- file home/.locollm/config.yaml
index_url: "http://127.0.0.1:$FPORT/index.yaml"
--- stdout re
installed tutor 1\.0\.0 \(lora\) from http://127\.0\.0\.1:\d+/index\.yaml; run 'loco setup' to create locollm-tutor
tutor 1\.0\.0 -> 1\.1\.0-rc\.1: would update
updated tutor 1\.0\.0 -> 1\.1\.0-rc\.1 \(lora\) from http://127\.0\.0\.1:\d+/index\.yaml; run 'loco setup' to create locollm-tutor
lora\.gguf
tutor 1\.1\.0-rc\.1: up to date

=== update with the server: the model is made again from the new file; an unchanged index says up to date
$ sh -c 'cp $T/index1.yaml $T/served.yaml; $LOCO -q adapters install tutor && cp $T/index2.yaml $T/served.yaml && $LOCO -q adapters update --json && $LOCO -q adapters update --json'
--- files-server
{"files": {"/v1/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"},
           "/v2/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version two\n"},
           "/index.yaml": {"file": "$T/served.yaml"}}}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- file index1.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/v1/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- file index2.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 2.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/v2/lora.gguf",
          sha256: f88fbfac506c7df16f3218a50a27b427abbe61deb226fbbcae7eba7af5414804}
--- file home/.locollm/config.yaml
index_url: "http://127.0.0.1:$FPORT/index.yaml"
--- stdout re
installed tutor 1\.0\.0 \(lora\) from http://127\.0\.0\.1:\d+/index\.yaml; model locollm-tutor created
\{"adapters":\[\{"name":"tutor","status":"updated","previous":"1\.0\.0","version":"2\.0\.0","type":"lora","from":"[^"]+","registry":"[^"]+","file":"[^"]+/adapters/tutor/lora\.gguf","sha256":"f88fbfac506c7df16f3218a50a27b427abbe61deb226fbbcae7eba7af5414804","bytes":59,"resumed_from":0,"model":"locollm-tutor","model_status":"created","active":false\}\]\}
\{"adapters":\[\{"name":"tutor","status":"up_to_date","version":"2\.0\.0","available":"2\.0\.0"\}\]\}
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "HEAD", "path": "/api/blobs/sha256:ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0"},
 {"method": "POST", "path": "/api/blobs/sha256:ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0"},
 {"method": "POST", "path": "/api/create"},
 {"method": "GET", "path": "/api/tags"},
 {"method": "GET", "path": "/api/tags"},
 {"method": "HEAD", "path": "/api/blobs/sha256:f88fbfac506c7df16f3218a50a27b427abbe61deb226fbbcae7eba7af5414804"},
 {"method": "POST", "path": "/api/blobs/sha256:f88fbfac506c7df16f3218a50a27b427abbe61deb226fbbcae7eba7af5414804"},
 {"method": "POST", "path": "/api/create", "body":
   {"model": "locollm-tutor", "from": "qwen3:4b",
    "adapters": {"lora.gguf": "sha256:f88fbfac506c7df16f3218a50a27b427abbe61deb226fbbcae7eba7af5414804"},
    "stream": true}},
 {"method": "GET", "path": "/api/tags"}]

=== update without an index says how to set one
$ loco adapters update
exit 2
--- stderr
loco: error: 'adapters update' installs newer versions from the adapter index, and no index_url is set; set one with 'loco config set index_url URL'

=== remove: the model (DELETE /api/delete), the files and the entry; the rest of the registry stays
$ sh -c '$LOCO -q adapters install tutor && $LOCO adapters remove tutor && ls -A $LOCO_HOME/adapters && cat $LOCO_HOME/models.json'
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"}}}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- file home/.locollm/registry.yaml
# my adapters
base_model: {ollama_name: "qwen3:4b"}   # the base
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
  # keep this comment
  helper: {version: 0.1.0, type: system-prompt}
--- stdout
installed tutor 1.0.0 (lora) from $LOCO_HOME/registry.yaml; model locollm-tutor created
removed tutor: its entry in $LOCO_HOME/registry.yaml, 1 file, model locollm-tutor deleted
{
	"format":	1,
	"servers":	{
		"http://127.0.0.1:$PORT":	{
		}
	}
}
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "HEAD", "path": "/api/blobs/sha256:ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0"},
 {"method": "POST", "path": "/api/blobs/sha256:ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0"},
 {"method": "POST", "path": "/api/create"},
 {"method": "GET", "path": "/api/tags"},
 {"method": "GET", "path": "/api/tags"},
 {"method": "DELETE", "path": "/api/delete", "body": {"model": "locollm-tutor"}}]
--- after home/.locollm/registry.yaml
# my adapters
base_model: {ollama_name: "qwen3:4b"}   # the base
adapters:
  # keep this comment
  helper: {version: 0.1.0, type: system-prompt}

=== remove: a model the server does not have is fine; --json
$ sh -c '$LOCO -q adapters install --no-create tutor && $LOCO adapters remove --json tutor'
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"}}}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- file home/.locollm/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stdout
installed tutor 1.0.0 (lora) from $LOCO_HOME/registry.yaml; run 'loco setup' to create locollm-tutor
{"removed":[{"name":"tutor","registry":"$LOCO_HOME/registry.yaml","entry":"deleted","restored_from":null,"files_removed":1,"model":"locollm-tutor","model_status":"absent"}]}
--- after home/.locollm/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters: {}

=== remove with Ollama down removes nothing (exit 3); --keep-model removes files and entry
$ sh -c '$LOCO -q adapters install --no-create tutor; $LOCO adapters remove tutor; echo "exit $?"; ls $LOCO_HOME/adapters/tutor; $LOCO adapters remove --keep-model tutor'
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"}}}
--- file home/.locollm/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stderr
loco: error: cannot reach Ollama at http://127.0.0.1:9 (connection refused) while listing its models; nothing was removed
hint: start it with 'ollama serve'
hint: or check OLLAMA_HOST (or give --host URL)
hint: or pass --keep-model (remove the models later: 'ollama rm')
--- stdout
installed tutor 1.0.0 (lora) from $LOCO_HOME/registry.yaml; run 'loco setup' to create locollm-tutor
exit 3
lora.gguf
removed tutor: its entry in $LOCO_HOME/registry.yaml, 1 file, model locollm-tutor kept (--keep-model)

=== remove refuses adapters that were not installed, and unknown names get a did-you-mean
$ sh -c '$LOCO -q adapters install --no-create tutor; $LOCO adapters remove helper; echo "exit $?"; $LOCO adapters remove tutr; echo "exit $?"'
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"}}}
--- file home/.locollm/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
  helper: {version: 0.1.0, type: system-prompt}
--- stderr
loco: error: 'helper' was not installed with 'loco adapters install' (it came with $LOCO_HOME/registry.yaml); remove its entry from $LOCO_HOME/registry.yaml by hand if you must
loco: error: 'tutr' is not installed in $LOCO_HOME/registry.yaml; did you mean 'tutor'?
--- stdout
installed tutor 1.0.0 (lora) from $LOCO_HOME/registry.yaml; run 'loco setup' to create locollm-tutor
exit 4
exit 4

=== search ranks the name first (exact, prefix, inside), then tags, then the description
$ loco adapters search math
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  stats: {version: 1.0.0, type: system-prompt, description: "statistics with some math", tags: [numbers]}
  mathviz: {version: 1.0.0, type: system-prompt, description: "plots"}
  math: {version: 0.2.0, type: system-prompt, description: "Math word problems", tags: [Math]}
  geometry: {version: 1.0.0, type: system-prompt, description: "shapes", tags: [mathematics]}
  poet: {version: 1.0.0, type: system-prompt, description: "poems"}
  aftermath: {version: 1.0.0, type: lora, adapter_path: x.gguf, description: "what remains"}
--- stdout
NAME             VERSION   INSTALLED SOURCE         DESCRIPTION
math             0.2.0     0.2.0     registry       Math word problems
mathviz          1.0.0     1.0.0     registry       plots
aftermath        1.0.0     -         registry       what remains
geometry         1.0.0     1.0.0     registry       shapes
stats            1.0.0     1.0.0     registry       statistics with some math

=== search: every word must match; nothing found says so
$ sh -c '$LOCO adapters search math shapes; $LOCO adapters search --json zebra'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, type: system-prompt, description: "Math word problems"}
  geometry: {version: 1.0.0, type: system-prompt, description: "shapes", tags: [mathematics]}
--- stdout
NAME             VERSION   INSTALLED SOURCE         DESCRIPTION
geometry         1.0.0     1.0.0     registry       shapes
{"query":"zebra","results":[]}

=== search over the registry and the index: where each comes from, the newest version, --json
$ loco adapters search --json poe
--- files-server
{"files": {"/index.yaml": {"text": "base_model: {ollama_name: \"qwen3:4b\"}\nadapters:\n  poet: {version: 1.2.0, type: system-prompt, description: \"poems and verse\", tags: [poetry]}\n  poetry-critic: {version: 0.1.0, type: system-prompt}\n"}}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  poet: {version: 1.0.0, type: system-prompt, description: "poems"}
--- file home/.locollm/config.yaml
index_url: "http://127.0.0.1:$FPORT/index.yaml"
--- stdout json
{"query": "poe", "results": [
  {"name": "poet", "score": 78, "version": "1.2.0", "installed": "1.0.0", "sources": ["registry", "index"],
   "type": "system-prompt", "description": "poems and verse", "tags": ["poetry"]},
  {"name": "poetry-critic", "score": 50, "version": "0.1.0", "installed": null, "sources": ["index"],
   "type": "system-prompt", "description": null, "tags": []}]}
--- files-requests
[{"method": "GET", "path": "/index.yaml", "range": null, "status": 200}]

=== an index that cannot be read names the URL and the setting
$ loco adapters search poet
exit 1
--- files-server
{"files": {}}
--- file home/.locollm/config.yaml
index_url: "http://127.0.0.1:$FPORT/missing.yaml"
--- stderr
loco: error: cannot read the adapter index at http://127.0.0.1:$FPORT/missing.yaml: HTTP 404 (not found): "404 page not found"; check index_url ('loco config get index_url')

=== a .part longer than the file (416) is discarded and the download starts again
$ sh -c 'mkdir -p $LOCO_HOME/adapters/tutor && head -c 100 /dev/zero > $LOCO_HOME/adapters/tutor/lora.gguf.part && $LOCO -q adapters install --no-create tutor && ls -A $LOCO_HOME/adapters/tutor'
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"}}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- stdout
installed tutor 1.0.0 (lora) from $T/work/adapters/registry.yaml; run 'loco setup' to create locollm-tutor
lora.gguf
--- files-requests
[{"method": "GET", "path": "/a/lora.gguf", "range": "bytes=100-", "status": 416},
 {"method": "GET", "path": "/a/lora.gguf", "range": null, "status": 200}]

=== installing over an existing entry replaces it where it stands (registry order is kept)
$ loco -q adapters install --no-create poet
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  poet: {version: 0.2.0, type: system-prompt, system_prompt: "Verse."}
--- file home/.locollm/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  helper: {version: 0.1.0, type: system-prompt}
  # the poet
  poet:
    version: 0.1.0
    type: system-prompt
    system_prompt: |
      Rhyme.
  zed: {version: 0.1.0, type: system-prompt}  # last
--- stdout
installed poet 0.2.0 (system-prompt) from $T/work/adapters/registry.yaml; run 'loco setup' to create locollm-poet
--- after home/.locollm/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  helper: {version: 0.1.0, type: system-prompt}
  # the poet
  poet: {version: "0.2.0", domain: "poet", active: false, type: system-prompt, system_prompt: "Verse.", installed_from: "$T/work/adapters/registry.yaml"}
  zed: {version: 0.1.0, type: system-prompt}  # last

=== a file already here with the entry's sha256 is not downloaded again
$ loco adapters install --no-create tutor
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"}}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- file home/.locollm/adapters/tutor/lora.gguf
GGUF lora adapter bytes for the tutor adapter, version one
--- stderr
tutor 1.0.0: lora.gguf already downloaded, checksum ok
loco: created $LOCO_HOME/registry.yaml with the adapters of (built-in registry)
loco: note: the registry in force here is adapters/registry.yaml (from ./adapters/registry.yaml); installed adapters are in $LOCO_HOME/registry.yaml, which is used where no earlier registry is found, or with --registry $LOCO_HOME/registry.yaml
--- stdout
installed tutor 1.0.0 (lora) from $T/work/adapters/registry.yaml; run 'loco setup' to create locollm-tutor
--- files-requests
[]

=== a file already here with another sha256 is downloaded again and replaced
$ sh -c '$LOCO adapters install --no-create tutor 2>&1 | head -n 1 && cat $LOCO_HOME/adapters/tutor/lora.gguf'
--- files-server
{"files": {"/a/lora.gguf": {"text": "GGUF lora adapter bytes for the tutor adapter, version one\n"}}}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf, url: "http://127.0.0.1:$FPORT/a/lora.gguf",
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- file home/.locollm/adapters/tutor/lora.gguf
GGUF lora adapter bytes for the tutor adapter, version two
--- stdout
tutor 1.0.0: lora.gguf is here but its SHA-256 is f88fbfac506c7df16f3218a50a27b427abbe61deb226fbbcae7eba7af5414804, not the entry's; downloading it again
GGUF lora adapter bytes for the tutor adapter, version one
--- files-requests
[{"method": "GET", "path": "/a/lora.gguf", "range": null, "status": 200}]

=== an entry without url installs a file placed by hand once its sha256 matches
$ sh -c '$LOCO -q adapters install --no-create tutor && grep "  tutor:" $LOCO_HOME/registry.yaml'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf,
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
--- file home/.locollm/adapters/tutor/lora.gguf
GGUF lora adapter bytes for the tutor adapter, version one
--- stdout
installed tutor 1.0.0 (lora) from $T/work/adapters/registry.yaml; run 'loco setup' to create locollm-tutor
  tutor: {version: "1.0.0", domain: "tutor", active: false, type: lora, adapter_path: "adapters/tutor/lora.gguf", sha256: "ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0", installed_from: "$T/work/adapters/registry.yaml"}

=== an entry without url: no file placed, a file that differs, no sha256 — each refused with the reason
$ sh -c '$LOCO -q adapters install --no-create tutor; echo "exit $?"; mkdir -p $LOCO_HOME/adapters/tutor && printf x > $LOCO_HOME/adapters/tutor/lora.gguf; $LOCO -q adapters install --no-create tutor; echo "exit $?"; $LOCO -q adapters install --no-create bare; echo "exit $?"; test -e $LOCO_HOME/registry.yaml || echo "no home registry"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: lora, adapter_path: tutor/lora.gguf,
          sha256: ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0}
  bare: {version: 1.0.0, type: merged-gguf, gguf_path: bare/model.gguf}
--- stderr
loco: error: 'tutor' has no url to download from in adapters/registry.yaml; place its lora file at $LOCO_HOME/adapters/tutor/lora.gguf (its SHA-256 is checked against the entry's sha256) and run this again
loco: error: $LOCO_HOME/adapters/tutor/lora.gguf is not the file the entry of 'tutor' names: its SHA-256 is 2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881, not ff6b367012a7066599b9c4f299014dcdcb9b018c320c7a7496aac4e5b45458c0; it was left as it is
loco: error: 'bare' has no url to download from in adapters/registry.yaml, and no sha256: a file placed by hand could not be verified, so it is not installed; add the file's sha256 to the entry (sha256sum prints it), or let 'loco setup' use it from the registry that names it
--- stdout
exit 1
exit 1
exit 1
no home registry

=== remove of an adapter installed over a shipped one puts the shipped entry back where it was
$ sh -c '$LOCO -q adapters install --no-create math && cd .. && $LOCO adapters show math | head -n 1 && $LOCO adapters remove --keep-model math && $LOCO adapters show math | head -n 1 && $LOCO -q adapters list | cut -c 1-26 && $LOCO -q adapters install --no-create math; echo "exit $?"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.5.0, type: system-prompt, system_prompt: "New math."}
--- stdout
installed math 0.5.0 (system-prompt) from $T/work/adapters/registry.yaml; run 'loco setup' to create locollm-math
math 0.5.0 (system-prompt, domain math, inactive)
removed math: its entry in $LOCO_HOME/registry.yaml is the one of (built-in registry) again (0.1.0), 0 files, model locollm-math kept (--keep-model); 'loco setup' makes the model of that entry
math 0.1.0 (system-prompt, domain math, active)
NAME             VERSION  
math             0.1.0    
code             0.1.0    
analysis         0.1.0    
installed math 0.1.0 (system-prompt) from $LOCO_HOME/registry.yaml; run 'loco setup' to create locollm-math
exit 0

=== remove deletes the entry of an adapter the shipped registry does not have, and says so in --json
$ sh -c '$LOCO -q adapters install --no-create poet && $LOCO adapters remove --keep-model --json poet'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  poet: {version: 0.5.0, type: system-prompt, system_prompt: "Verse."}
--- stdout
installed poet 0.5.0 (system-prompt) from $T/work/adapters/registry.yaml; run 'loco setup' to create locollm-poet
{"removed":[{"name":"poet","registry":"$LOCO_HOME/registry.yaml","entry":"deleted","restored_from":null,"files_removed":0,"model":"locollm-poet","model_status":"kept"}]}

=== an adapter installed from the built-in registry: update and remove never read '(built-in registry)' as a place
$ sh -c 'cd .. && $LOCO -q adapters install --no-create math && grep -c "installed_from: \"(built-in registry)\"" $LOCO_HOME/registry.yaml && $LOCO -q adapters update --check && $LOCO -q adapters update --no-create math && $LOCO adapters remove --keep-model math && $LOCO adapters remove --keep-model math; echo "exit $?"'
--- files-server
{"files": {"/index.yaml": {"text": "base_model: {ollama_name: \"qwen3:4b\"}\nadapters:\n  math: {version: 0.2.0, type: system-prompt, system_prompt: \"Count.\"}\n"}}}
--- file home/.locollm/config.yaml
index_url: "http://127.0.0.1:$FPORT/index.yaml"
--- stdout
installed math 0.1.0 (system-prompt) from (built-in registry); run 'loco setup' to create locollm-math
1
math 0.1.0 -> 0.2.0: would update
updated math 0.1.0 -> 0.2.0 (system-prompt) from http://127.0.0.1:$FPORT/index.yaml; run 'loco setup' to create locollm-math
removed math: its entry in $LOCO_HOME/registry.yaml is the one of (built-in registry) again (0.1.0), 0 files, model locollm-math kept (--keep-model); 'loco setup' makes the model of that entry
exit 4
--- stderr
loco: error: 'math' was not installed with 'loco adapters install' (it came with $LOCO_HOME/registry.yaml); remove its entry from $LOCO_HOME/registry.yaml by hand if you must

=== remove of several names: one unknown name changes nothing and asks no server
$ loco adapters remove alpha nosuch
exit 4
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-alpha"}]}
--- file home/.locollm/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  alpha: {version: 1.0.0, type: system-prompt, installed_from: "x"}
--- stderr
loco: error: 'nosuch' is not installed in $LOCO_HOME/registry.yaml; 'loco adapters list' shows the adapters
--- requests
[]
--- after home/.locollm/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  alpha: {version: 1.0.0, type: system-prompt, installed_from: "x"}

=== remove of several names: the entries go in one write first; a model the server then fails to delete is named, exit 1
$ loco adapters remove alpha beta gamma
exit 1
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-alpha"}, {"name": "locollm-beta"}, {"name": "locollm-gamma"}],
 "delete": {"faults": {"locollm-beta": {"status": 500, "error": "boom"}}}}
--- file home/.locollm/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  alpha: {version: 1.0.0, type: system-prompt, installed_from: "x"}
  beta: {version: 1.0.0, type: lora, adapter_path: adapters/beta/b.gguf, installed_from: "x"}
  keep: {version: 1.0.0, type: system-prompt}
  gamma: {version: 1.0.0, type: system-prompt, installed_from: "x"}
--- file home/.locollm/adapters/beta/b.gguf
GGUF
--- stdout
removed alpha: its entry in $LOCO_HOME/registry.yaml, 0 files, model locollm-alpha deleted
removed gamma: its entry in $LOCO_HOME/registry.yaml, 0 files, model locollm-gamma deleted
--- stderr
loco: error: Ollama at http://127.0.0.1:$PORT failed while deleting 'locollm-beta': boom
loco: error: 'beta' was removed only in part: its entry is gone from $LOCO_HOME/registry.yaml and its 1 file deleted, but its model locollm-beta is still on the server; delete it with 'ollama rm locollm-beta'
--- after home/.locollm/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  keep: {version: 1.0.0, type: system-prompt}
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "DELETE", "path": "/api/delete", "body": {"model": "locollm-alpha"}},
 {"method": "DELETE", "path": "/api/delete", "body": {"model": "locollm-beta"}},
 {"method": "DELETE", "path": "/api/delete", "body": {"model": "locollm-gamma"}}]

=== --help of install, update and remove lists every exit status each gives
$ sh -c 'for c in install update remove; do $LOCO adapters $c --help | tr "\n" " " | sed "s/.*Exit status/Exit status/; s/ *options: .*//; s/[$]LOCO_HOME/~/g"; echo; done'
--- stdout
Exit status 0; 1 when a download, a checksum or a model create fails, when an entry without url has no verified file here, or when the index cannot be read; 2 when backend.kind is not ollama and --no-create is not given; 3 when Ollama cannot be reached (nothing is downloaded); 4 for an unknown adapter; 5 when the index or ~/registry.yaml is not a valid registry; 130 on Ctrl-C (the partial download is kept for the next run).
Exit status 0; 1 when the index cannot be read or a download, a checksum or a model create fails; 2 when no index_url is set, or when backend.kind is not ollama and there is something to install without --no-create; 3 when Ollama cannot be reached; 4 when a NAME is not installed; 5 when the index or ~/registry.yaml is not a valid registry; 130 on Ctrl-C.
Exit status 0; 1 when the registry cannot be edited or written (nothing is removed), or when a model or the files cannot be deleted after the entries were (loco names them); 2 when backend.kind is not ollama and --keep-model is not given; 3 when Ollama cannot be reached (nothing is removed); 4 when a NAME is not installed (nothing is removed); 5 when ~/registry.yaml, or the registry it takes the place of, is not valid (nothing is removed); 130 on Ctrl-C.

=== adapters --help says install reads the index too; search --help gives the scores
$ sh -c '$LOCO adapters --help | sed -n "s/[$]LOCO_HOME/~/g; 3,7p"; $LOCO adapters search --help | tr "\n" " " | sed "s/.*Per word/Per word/; s/ *VERSION is .*//"; echo'
--- stdout
Reads the registry in force (see 'loco help config' for how it is found).
install, update and remove manage ~/registry.yaml and
~/adapters/; search, install and update also read the adapter
index (config index_url) when one is set: install for a NAME that is not in
the registry in force.
Per word of TEXT (case does not matter), the best match of each field is added up: the name (exact 100, prefix 50, inside 30), the tags (exact 40, prefix 20, inside 10) and the description (a whole word 15, the start of a word 8, inside a word 4). Every word must match somewhere, or the adapter is left out. The highest total comes first; equal totals go by name. An adapter in both the registry and the index is one row, with the better of its two totals.

=== two installs at once both land in $LOCO_HOME/registry.yaml (flock on registry.yaml.lock)
$ sh -c '$LOCO -q adapters install --no-create poet > /dev/null & $LOCO -q adapters install --no-create tutor > /dev/null & wait; $LOCO --registry $LOCO_HOME/registry.yaml adapters list --names | sort'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  poet: {version: 0.3.0, type: system-prompt, system_prompt: "Answer in verse."}
  tutor: {version: 1.0.0, type: system-prompt, system_prompt: "Teach step by step."}
--- stdout
analysis
code
math
poet
tutor
