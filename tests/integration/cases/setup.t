# loco setup against the strict fake Ollama: the server check, pulling the
# base model with progress, the exact /api/create body of each adapter type,
# blob HEAD-then-POST uploads, the record that makes a second run a no-op,
# and every failure shown with the server's own text.

=== server down: exit 3 with the fix
$ loco setup
exit 3
--- stderr
loco: error: cannot reach Ollama at http://127.0.0.1:9 (connection refused)
hint: start it with 'ollama serve'
hint: or check OLLAMA_HOST (or give --host URL)

=== the base model is pulled with progress lines, then the adapter is created
$ loco setup
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, system_prompt: "Be patient."}
--- server
{"pull": {"available": [{"name": "qwen3:4b", "size": 4000}], "steps": 4}}
--- stderr re
Ollama 0\.33\.0 at http://127\.0\.0\.1:\d+
pulling qwen3:4b
  pulling manifest
  pulling ([0-9a-f]{12}): 3\.9 kB
(  pulling \1: \d\d%\n){1,3}  pulling \1: done
  pulling ([0-9a-f]{12}): \d+ B
(  pulling \3: \d\d%\n){1,3}  pulling \3: done
  verifying sha256 digest
  writing manifest
creating locollm-tutor \(missing\)
  writing manifest
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              pulled
locollm-tutor            tutor          system-prompt  created      missing
1 of 1 adapter models ready: 1 created, 0 skipped, 0 failed; base model pulled
--- requests
[{"method": "GET", "path": "/api/version"},
 {"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/pull", "body": {"model": "qwen3:4b", "stream": true}},
 {"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/create", "body":
   {"model": "locollm-tutor", "from": "qwen3:4b", "system": "Be patient.", "stream": true}},
 {"method": "GET", "path": "/api/tags"}]

=== a pull error mid-stream is shown with the server's text; adapters that need the base fail
$ loco setup
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt}
--- server
{"pull": {"available": [{"name": "qwen3:4b"}],
          "fault": {"kind": "error_mid_stream", "after": 2, "error": "max retries exceeded: unexpected EOF"}}}
--- stderr re
Ollama .*
pulling qwen3:4b
  pulling manifest
.*loco: error: cannot pull the base model 'qwen3:4b': max retries exceeded: unexpected EOF
loco: error: cannot create 'locollm-tutor': the base model 'qwen3:4b' is not on the server
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              failed
  pull failed: max retries exceeded: unexpected EOF
locollm-tutor            tutor          system-prompt  failed
  the base model 'qwen3:4b' is not on the server
0 of 1 adapter models ready: 0 created, 0 skipped, 1 failed; base model missing
--- requests
[{"path": "/api/version"}, {"path": "/api/tags"}, {"path": "/api/pull"}]

=== an unknown base model: the server's text and where to fix the name
$ loco -q setup
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen9:4b"}
adapters: {}
--- server
{}
--- stderr
loco: error: cannot pull the base model 'qwen9:4b': pull model manifest: file does not exist; check base_model.ollama_name in the registry
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen9:4b                 (base model)   -              failed
  pull failed: pull model manifest: file does not exist
0 of 0 adapter models ready: 0 created, 0 skipped, 0 failed; base model missing

=== a pull stream that ends without success is a failure
$ loco -q setup
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters: {}
--- server
{"pull": {"available": [{"name": "qwen3:4b"}], "fault": {"kind": "no_done"}}}
--- stderr
loco: error: cannot pull the base model 'qwen3:4b': the server ended the pull stream without reporting success
--- stdout re
.*qwen3:4b +\(base model\) +- +failed\n  pull failed: .*

=== a pull cut mid-stream is a failure
$ loco -q setup
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters: {}
--- server
{"pull": {"available": [{"name": "qwen3:4b"}], "fault": {"kind": "cut", "after": 2}}}
--- stderr
loco: error: cannot pull the base model 'qwen3:4b': the server closed the connection before the answer was complete
--- stdout re
.*failed.*

=== the create body of each type; a missing blob is uploaded after HEAD, a present one is not
$ loco setup
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, system_prompt: "Be patient."}
  merged: {version: 2.0.0, type: merged-gguf, gguf_path: merged/gguf/model.gguf}
  lora: {version: 0.3.0, type: lora, adapter_path: lora/lora.gguf, system_prompt: "Answer in French."}
--- file work/adapters/merged/gguf/model.gguf
GGUF merged model
--- file work/adapters/lora/lora.gguf
GGUF lora adapter
--- server
{"models": [{"name": "qwen3:4b"}],
 "blobs": ["sha256:9725be890998e38e1bf4292b02add1a1224f36e8b7062655864670ba0db610ad"]}
--- stderr re
Ollama 0\.33\.0 at http://127\.0\.0\.1:\d+
creating locollm-tutor \(missing\)
  writing manifest
checking locollm-merged
  hashing model\.gguf: 18 B
  hashing model\.gguf: done
creating locollm-merged \(missing\)
  uploading model\.gguf: 18 B
  uploading model\.gguf: done
  parsing GGUF
  writing manifest
checking locollm-lora
  hashing lora\.gguf: 18 B
  hashing lora\.gguf: done
creating locollm-lora \(missing\)
  lora\.gguf is already on the server
  parsing GGUF
  writing manifest
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              ready
locollm-tutor            tutor          system-prompt  created      missing
locollm-merged           merged         merged-gguf    created      missing
locollm-lora             lora           lora           created      missing
3 of 3 adapter models ready: 3 created, 0 skipped, 0 failed
--- requests
[{"method": "GET", "path": "/api/version"},
 {"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/create", "body":
   {"model": "locollm-tutor", "from": "qwen3:4b", "system": "Be patient.", "stream": true}},
 {"method": "HEAD", "path": "/api/blobs/sha256:f86d1e80e94d11b325c8e2357e7fa0dec942196e59b3b0ac256686f5779a31d3", "status": 404},
 {"method": "POST", "path": "/api/blobs/sha256:f86d1e80e94d11b325c8e2357e7fa0dec942196e59b3b0ac256686f5779a31d3",
  "body_bytes": 18, "body_sha256": "f86d1e80e94d11b325c8e2357e7fa0dec942196e59b3b0ac256686f5779a31d3", "status": 201},
 {"method": "POST", "path": "/api/create", "body":
   {"model": "locollm-merged",
    "files": {"model.gguf": "sha256:f86d1e80e94d11b325c8e2357e7fa0dec942196e59b3b0ac256686f5779a31d3"},
    "stream": true, "from": "<absent>", "system": "<absent>"}},
 {"method": "HEAD", "path": "/api/blobs/sha256:9725be890998e38e1bf4292b02add1a1224f36e8b7062655864670ba0db610ad", "status": 200},
 {"method": "POST", "path": "/api/create", "body":
   {"model": "locollm-lora", "from": "qwen3:4b",
    "adapters": {"lora.gguf": "sha256:9725be890998e38e1bf4292b02add1a1224f36e8b7062655864670ba0db610ad"},
    "system": "Answer in French.", "stream": true}},
 {"method": "GET", "path": "/api/tags"}]

=== a second run changes nothing and says so (one /api/version and one /api/tags)
$ sh -c '$LOCO -q setup >/dev/null && $LOCO setup'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, system_prompt: "Be patient."}
  lora: {version: 0.3.0, type: lora, adapter_path: lora/lora.gguf}
--- file work/adapters/lora/lora.gguf
GGUF lora adapter
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stderr re
Ollama 0\.33\.0 at http://127\.0\.0\.1:\d+
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              ready
locollm-tutor            tutor          system-prompt  ready
locollm-lora             lora           lora           ready
everything is up to date; nothing changed
--- requests
[{"path": "/api/version"}, {"path": "/api/tags"},
 {"method": "POST", "path": "/api/create", "body": {"model": "locollm-tutor"}},
 {"method": "HEAD"}, {"method": "POST", "path": "/api/blobs/sha256:9725be890998e38e1bf4292b02add1a1224f36e8b7062655864670ba0db610ad"},
 {"method": "POST", "path": "/api/create", "body": {"model": "locollm-lora"}},
 {"path": "/api/tags"},
 {"path": "/api/version"}, {"path": "/api/tags"}]

=== what was made is recorded in LOCO_HOME/models.json, per server
$ sh -c '$LOCO -q setup >/dev/null && cat $LOCO_HOME/models.json'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  lora: {version: 0.3.0, type: lora, adapter_path: lora/lora.gguf}
--- file work/adapters/lora/lora.gguf
GGUF lora adapter
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdout json
{"format": 1, "servers": {"http://127.0.0.1:$PORT": {"locollm-lora": {
  "adapter": "lora", "version": "0.3.0", "type": "lora", "request_sha256": "<SHA>",
  "file": {"path": "$T/work/adapters/lora/lora.gguf", "size": 18, "mtime": "<any>",
           "sha256": "9725be890998e38e1bf4292b02add1a1224f36e8b7062655864670ba0db610ad"},
  "created_at": "<any>", "model_digest": "<SHA>"}}}}

=== a new registry version makes the model again
$ sh -c '$LOCO -q setup >/dev/null && sed -i s/1.0.0/1.1.0/ adapters/registry.yaml && $LOCO -q setup'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, system_prompt: "Be patient."}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              ready
locollm-tutor            tutor          system-prompt  created
  version 1.0.0 -> 1.1.0
1 of 1 adapter models ready: 1 created, 0 skipped, 0 failed

=== a changed system prompt makes the model again
$ sh -c '$LOCO -q setup >/dev/null && sed -i s/patient/brief/ adapters/registry.yaml && $LOCO -q --json setup'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, system_prompt: "Be patient."}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdout json
{"server": "http://127.0.0.1:$PORT", "version": "0.33.0", "dry_run": false, "changed": true,
 "base_model": {"model": "qwen3:4b", "status": "ready", "reason": null},
 "adapters": [{"name": "tutor", "model": "locollm-tutor", "type": "system-prompt", "version": "1.0.0",
               "status": "created", "reason": "definition changed"}]}
--- requests
[{"path": "/api/version"}, {"path": "/api/tags"},
 {"path": "/api/create", "body": {"system": "Be patient."}}, {"path": "/api/tags"},
 {"path": "/api/version"}, {"path": "/api/tags"},
 {"path": "/api/create", "body": {"system": "Be brief."}}, {"path": "/api/tags"}]

=== a changed GGUF file is hashed, uploaded and the model made again
$ sh -c '$LOCO -q setup >/dev/null && echo v2 >> adapters/lora/lora.gguf && $LOCO -q setup'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  lora: {version: 0.3.0, type: lora, adapter_path: lora/lora.gguf}
--- file work/adapters/lora/lora.gguf
GGUF lora adapter
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              ready
locollm-lora             lora           lora           created      file changed
1 of 1 adapter models ready: 1 created, 0 skipped, 0 failed
--- requests
[{"path": "/api/version"}, {"path": "/api/tags"},
 {"method": "HEAD"}, {"method": "POST", "path": "/api/blobs/sha256:9725be890998e38e1bf4292b02add1a1224f36e8b7062655864670ba0db610ad"},
 {"path": "/api/create"}, {"path": "/api/tags"},
 {"path": "/api/version"}, {"path": "/api/tags"},
 {"method": "HEAD", "path": "/api/blobs/sha256:727e10afe465570df588ea7a1d38aa3a02abc334039922da6c80e25ea1b9abd4"},
 {"method": "POST", "path": "/api/blobs/sha256:727e10afe465570df588ea7a1d38aa3a02abc334039922da6c80e25ea1b9abd4",
  "body_sha256": "727e10afe465570df588ea7a1d38aa3a02abc334039922da6c80e25ea1b9abd4", "status": 201},
 {"path": "/api/create", "body": {"adapters": {"lora.gguf": "sha256:727e10afe465570df588ea7a1d38aa3a02abc334039922da6c80e25ea1b9abd4"}}},
 {"path": "/api/tags"}]

=== a recorded model the server no longer lists is made again
$ loco -q setup
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, system_prompt: "Be patient."}
--- file home/.locollm/models.json
{"format": 1, "servers": {"http://127.0.0.1:$PORT": {"locollm-tutor": {
  "adapter": "tutor", "version": "1.0.0", "type": "system-prompt",
  "request_sha256": "0000000000000000000000000000000000000000000000000000000000000000",
  "model_digest": "", "created_at": "2026-01-01T00:00:00Z"}}}}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              ready
locollm-tutor            tutor          system-prompt  created
  no longer on the server
1 of 1 adapter models ready: 1 created, 0 skipped, 0 failed

=== a model remade behind loco's back (another digest on the server) is made again
$ sh -c '$LOCO -q setup >/dev/null && sed -i "s/\"model_digest\":.*\"[0-9a-f]*\"/\"model_digest\": \"$(printf %064d 0)\"/" $LOCO_HOME/models.json && $LOCO -q setup'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, system_prompt: "Be patient."}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              ready
locollm-tutor            tutor          system-prompt  created
  changed on the server
1 of 1 adapter models ready: 1 created, 0 skipped, 0 failed

=== a model on the server that loco has no record of is made again
$ loco -q setup
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, system_prompt: "Be patient."}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}]}
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              ready
locollm-tutor            tutor          system-prompt  created
  on the server, but not made by loco setup
1 of 1 adapter models ready: 1 created, 0 skipped, 0 failed

=== an adapter whose file is absent is skipped with the reason, not a failure
$ loco setup
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  big: {version: 1.0.0, type: merged-gguf, gguf_path: big/gguf/model.gguf, url: "https://example.org/big.gguf", sha256: "9725be890998e38e1bf4292b02add1a1224f36e8b7062655864670ba0db610ad"}
  tutor: {version: 1.0.0, type: system-prompt}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stderr re
Ollama .*
skipping locollm-big: gguf_path not found: adapters/big/gguf/model\.gguf; 'loco adapters install' downloads it
creating locollm-tutor \(missing\)
  writing manifest
--- stdout re
MODEL +ADAPTER +TYPE +STATUS +NOTE
qwen3:4b .*
locollm-big +big +merged-gguf +skipped
  gguf_path not found: adapters/big/gguf/model\.gguf; 'loco adapters install'
  downloads it
locollm-tutor +tutor +system-prompt +created +missing
1 of 2 adapter models ready: 1 created, 1 skipped, 0 failed
--- requests
[{"path": "/api/version"}, {"path": "/api/tags"}, {"path": "/api/create", "body": {"model": "locollm-tutor"}}, {"path": "/api/tags"}]

=== a GGUF removed after its model was made: the model stays ready
$ sh -c '$LOCO -q setup >/dev/null && rm adapters/m.gguf && $LOCO -q setup'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  m: {version: 1.0.0, type: merged-gguf, gguf_path: m.gguf}
--- file work/adapters/m.gguf
GGUF merged model
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              ready
locollm-m                m              merged-gguf    ready
  gguf_path not found, the model made from it stays
everything is up to date; nothing changed

=== -v also shows the server's per-layer lines of a create
$ loco -v setup
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, system_prompt: "Be patient."}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stderr re
loco: registry adapters/registry\.yaml .*
Ollama .*
creating locollm-tutor \(missing\)
(  using existing layer sha256:[0-9a-f]{64}\n)+  creating new layer sha256:[0-9a-f]{64}
  writing manifest
--- stdout re
.*created.*

=== a create error is shown with the server's text; the other adapters still get made
$ loco -q setup
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  bad: {version: 1.0.0, type: lora, adapter_path: bad.gguf}
  tutor: {version: 1.0.0, type: system-prompt}
--- file work/adapters/bad.gguf
not a gguf file
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stderr
loco: error: cannot create 'locollm-bad': create failed: supplied file was not in GGUF format
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              ready
locollm-bad              bad            lora           failed
  create failed: supplied file was not in GGUF format
locollm-tutor            tutor          system-prompt  created      missing
1 of 2 adapter models ready: 1 created, 0 skipped, 1 failed

=== a create error line mid-stream, and a failing create is tried again next time
$ sh -c '$LOCO -q setup; echo "exit $?"; $LOCO -q setup'
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt}
--- server
{"models": [{"name": "qwen3:4b"}],
 "create": {"fault": {"kind": "error_mid_stream", "after": 1, "error": "write /models/manifest: no space left on device"}}}
--- stderr
loco: error: cannot create 'locollm-tutor': create failed: write /models/manifest: no space left on device
loco: error: cannot create 'locollm-tutor': create failed: write /models/manifest: no space left on device
--- stdout re
.*locollm-tutor +tutor +system-prompt +failed
  create failed: write /models/manifest: no space left on device
0 of 1 adapter models ready: 0 created, 0 skipped, 1 failed
exit 1
.*failed.*

=== a create answered with an HTTP error status shows it too
$ loco -q setup
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt}
--- server
{"models": [{"name": "qwen3:4b"}], "create": {"fault": {"kind": "status", "status": 500, "error": "boom"}}}
--- stderr
loco: error: cannot create 'locollm-tutor': create failed: boom
--- stdout re
.*failed.*

=== --json: one summary object on stdout
$ loco --json -q setup
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt}
  gone: {version: 1.0.0, type: lora, adapter_path: gone.gguf}
--- server
{"pull": {"available": [{"name": "qwen3:4b"}]}}
--- stdout json
{"server": "http://127.0.0.1:$PORT", "version": "0.33.0", "dry_run": false, "changed": true,
 "base_model": {"model": "qwen3:4b", "status": "pulled", "reason": "missing"},
 "adapters": [
   {"name": "tutor", "model": "locollm-tutor", "type": "system-prompt", "version": "1.0.0", "status": "created", "reason": "missing"},
   {"name": "gone", "model": "locollm-gone", "type": "lora", "version": "1.0.0", "status": "skipped", "reason": "<any>"}]}

=== --dry-run says what would happen and sends nothing that changes the server
$ loco setup --dry-run
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt}
  lora: {version: 0.3.0, type: lora, adapter_path: lora.gguf}
--- file work/adapters/lora.gguf
GGUF lora adapter
--- server
{}
--- stderr re
Ollama .*
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              would pull
locollm-tutor            tutor          system-prompt  would create missing
locollm-lora             lora           lora           would create missing
dry run: nothing was changed
  the base model would be pulled; 2 of 2 adapter models would be created
--- requests
[{"path": "/api/version"}, {"path": "/api/tags"}]

=== --force makes up-to-date models again
$ sh -c '$LOCO -q setup >/dev/null && $LOCO -q setup --force'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdout
MODEL                    ADAPTER        TYPE           STATUS       NOTE
qwen3:4b                 (base model)   -              ready
locollm-tutor            tutor          system-prompt  created      --force
1 of 1 adapter models ready: 1 created, 0 skipped, 0 failed

=== on a terminal the pull draws a bar in place
$ loco setup
env LOCO_FORCE_TTY=1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters: {}
--- server
{"pull": {"available": [{"name": "qwen3:4b", "size": 4000}], "steps": 4}}
--- stderr re
Ollama .*
pulling qwen3:4b
  pulling manifest
(\r\x1b\[K  pulling [0-9a-f]{12} +\d+% \[[=> ]{20}\] [\d.]+ k?B/[\d.]+ k?B.*)+
  verifying sha256 digest
  writing manifest
--- stdout re
.*pulled.*

=== -q: no progress at all
$ loco -q setup
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt}
--- server
{"pull": {"available": [{"name": "qwen3:4b"}]}}
--- stdout re
MODEL.*

=== an Ollama too old for the JSON /api/create is named, with the fix
$ loco setup
exit 1
--- server
{"version": "0.5.4"}
--- stderr re
loco: error: Ollama 0\.5\.4 at http://127\.0\.0\.1:\d+ is too old for loco setup, which needs 0\.5\.5 or newer \(the JSON /api/create\); update Ollama

=== a server that does not speak Ollama's API at that address is named (exit 3)
$ loco setup
exit 3
env OLLAMA_HOST=http://127.0.0.1:$PORT/not-ollama
--- server
{}
--- stderr re
loco: error: the server at http://127\.0\.0\.1:\d+/not-ollama is not Ollama \(GET / answered HTTP 404: 404 page not found\)
hint: Ollama listens on 127\.0\.0\.1:11434 unless told otherwise;
hint: check the address \(--host, OLLAMA_HOST, ollama\.host\)

=== an OpenAI-compatible backend cannot hold Ollama models
$ loco setup
exit 2
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:9/v1"}
--- stderr
loco: error: loco setup makes Ollama models, but backend.kind is 'openai'
hint: loco config set backend.kind ollama (or llamacpp, or vllm)

=== Ctrl-C during a pull stops cleanly with exit 130
$ loco setup
exit 130
interrupt on stderr "pulling manifest"
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt}
--- server
{"pull": {"available": [{"name": "qwen3:4b"}], "fault": {"kind": "stall", "after": 2, "ms": 20000}}}
--- stderr re
Ollama .*
pulling qwen3:4b
  pulling manifest
.*loco: error: interrupted while pulling the base model
--- requests
[{"path": "/api/version"}, {"path": "/api/tags"}, {"path": "/api/pull"}]
