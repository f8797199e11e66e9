# What answers on OLLAMA_HOST: a plain web server is named as such (exit 3),
# never reported as a missing model.

=== query: a web server on the port is not Ollama
$ loco query --no-route "hi"
exit 3
env OLLAMA_HOST=http://127.0.0.1:$FPORT
--- files-server
{"files": {"/": {"text": "<html><body>Welcome to nginx!</body></html>"}}}
--- stderr
loco: error: the server at http://127.0.0.1:$FPORT is not Ollama (GET / answered "<html><body>Welcome to nginx!</body></html>")
hint: Ollama listens on 127.0.0.1:11434 unless told otherwise;
hint: check the address (--host, OLLAMA_HOST, ollama.host)

=== chat: the same
$ loco chat -q
exit 3
env OLLAMA_HOST=http://127.0.0.1:$FPORT
--- files-server
{"files": {}}
--- stdin
hello
--- stderr
loco: error: the server at http://127.0.0.1:$FPORT is not Ollama (GET / answered HTTP 404: 404 page not found)
hint: Ollama listens on 127.0.0.1:11434 unless told otherwise;
hint: check the address (--host, OLLAMA_HOST, ollama.host)

=== eval: the same, before any model is called missing
$ loco -q eval tutor
exit 3
env OLLAMA_HOST=http://127.0.0.1:$FPORT
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "one", "expected_output": "yes"}
--- files-server
{"files": {}}
--- stderr
loco: error: the server at http://127.0.0.1:$FPORT is not Ollama (GET / answered HTTP 404: 404 page not found)
hint: Ollama listens on 127.0.0.1:11434 unless told otherwise;
hint: check the address (--host, OLLAMA_HOST, ollama.host)

=== setup: the same
$ loco setup
exit 3
env OLLAMA_HOST=http://127.0.0.1:$FPORT
--- files-server
{"files": {}}
--- stderr
loco: error: the server at http://127.0.0.1:$FPORT is not Ollama (GET / answered HTTP 404: 404 page not found)
hint: Ollama listens on 127.0.0.1:11434 unless told otherwise;
hint: check the address (--host, OLLAMA_HOST, ollama.host)

=== a web server whose /api/tags answers JSON without models: still not a missing model
$ loco -q eval tutor
exit 3
env OLLAMA_HOST=http://127.0.0.1:$FPORT
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "one", "expected_output": "yes"}
--- files-server
{"files": {"/api/tags": {"text": "{\"status\": \"ok\"}"}, "/": {"text": "ok"}}}
--- stderr
loco: error: the server at http://127.0.0.1:$FPORT is not Ollama (GET / answered "ok")
hint: Ollama listens on 127.0.0.1:11434 unless told otherwise;
hint: check the address (--host, OLLAMA_HOST, ollama.host)

=== Ollama itself: a missing model is still a missing model (exit 4)
$ loco query --no-route "hi"
exit 4
--- server
{"models": []}
--- stderr
loco: error: model 'qwen3:4b' not found; run 'ollama pull qwen3:4b'
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"method": "GET", "path": "/"}]
