# The embedding router (issue 17 item 4; docs/routing.md): vectors from the
# server's /api/embed (/embeddings on an OpenAI-compatible server) for
# router.embed_model, default the base model, sent with a chat's runner
# options so that Ollama never reloads the model (issue 13); training texts
# cached by model digest and text hash; a nearest-centroid head. The fake's
# vectors are a bag of words (tests/fake_ollama.py embed_vector), not a
# language model's: the figures here test the plumbing, not the router.

=== train: the texts embedded in one batch with the chat's num_ctx, one load, the files written
$ sh -c '$LOCO router train --kind embedding | sed -E "s/[0-9]+\.[0-9]+ s/T s/g; s/, [0-9]+ bytes//"; ls $LOCO_HOME/router $LOCO_HOME/router/embeddings'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "replies": [{"content": "Lima."}]}
--- stdout
training data: 21 examples
  geo                8: 6 from the router_examples.jsonl, 2 from the keywords
  calc               7: 6 from the router_examples.jsonl, 1 from the keywords
  base               6: 6 from the base set
embedded 21 texts with qwen3:4b in T s
  0 from the cache, 21 asked in 1 request
fitted in T s (5-fold cross-validation, softmax scale 10)
threshold 0.836: routing to an adapter was right 100.0% of the time
  across the folds (target router.target_precision 0.95)
5-fold cross-validation (examples other than keywords):
  embedding   11/18 = 61.1% (95% interval 38.6 to 79.7%)
no held-out set (--heldout FILE): the figure above is all that was measured
model written to $LOCO_HOME/router/embedding.model
  3 classes of 256 numbers
$LOCO_HOME/router:
embedding.model
embeddings

$LOCO_HOME/router/embeddings:
12e39b08954b17bd.cache
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/embed", "body": {"model": "qwen3:4b", "options": {"num_ctx": 8192}, "input": "<any>"}}]
--- loads
[{"model": "qwen3:4b", "options": {"num_ctx": 8192}, "reason": "first load"}]

=== train again: every text from the cache, nothing embedded
$ sh -c '$LOCO -q router train --kind embedding > /dev/null && $LOCO router train --kind embedding | grep -A1 embedded | sed -E "s/[0-9]+\.[0-9]+ s/T s/"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "replies": [{"content": "Lima."}]}
--- stdout
embedded 21 texts with qwen3:4b in T s
  21 from the cache, 0 asked in 0 requests
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/embed"},
 {"method": "GET", "path": "/api/tags"}]

=== route with the embedding router: the adapter's name first; --json and --explain say the kind
$ sh -c '$LOCO -q router train --kind embedding > /dev/null && $LOCO route --router-kind embedding "what is the capital of chile" && $LOCO route --json --router-kind embedding "whats 3 times 7" && $LOCO route --explain --router-kind embedding "tell me a joke please"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "replies": [{"content": "Lima."}]}
--- stdout re
geo
\{"adapter":"calc","kind":"embedding","confidence":0\.9\d+,"low_confidence":false,"threshold":0\.836,"below_threshold":false,"top":"calc","probabilities":\{"geo":0\.\d+,"calc":0\.9\d+,"base":0\.\d+\},"margin":0,"scores":\{"geo":0,"calc":0\},"matched":\{"geo":\[\],"calc":\[\]\}\}
base model
  router: embedding, trained on 21 examples \(vectors of qwen3:4b\)
  class            probability  keyword hits
  geo                    0\.\d+
  calc                   0\.\d+
\* base                   0\.\d+
the base class is the most probable \(0\.\d+\): the base model answers

=== query routed by the embedding router: the embed and the chat share one runner
$ sh -c '$LOCO -q router train --kind embedding > /dev/null && $LOCO query --router-kind embedding "what is the capital of chile"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "replies": [{"content": "Lima."}]}
--- stdout
Lima.
--- stderr re
\[router -> geo \| 1 tokens \| 50\.0 tok/s \| [0-9]+\.[0-9]s\]
--- loads
[{"model": "qwen3:4b", "options": {"num_ctx": 8192}, "reason": "first load"}]

=== chat routed by the embedding router: one embed a turn, logged without asking again
$ sh -c '$LOCO -q router train --kind embedding > /dev/null && echo "what is the capital of chile" | $LOCO chat --router-kind embedding'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "replies": [{"content": "Lima."}]}
--- stdout
Lima.
--- stderr re
\[router -> geo; it answers until /clear\]
\[geo \| 1 tokens \| 50\.0 tok/s \| [0-9]+\.[0-9]s\]
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/embed"},
 {"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/embed", "body": {"input": ["what is the capital of chile"], "options": {"num_ctx": 8192}}},
 {"method": "POST", "path": "/api/chat", "body": {"options": {"num_ctx": 8192}}}]
--- loads
[{"model": "qwen3:4b", "options": {"num_ctx": 8192}, "reason": "first load"}]

=== query --num-ctx: the embed sends that num_ctx too, so the chat needs no other runner
$ sh -c '$LOCO -q router train --kind embedding > /dev/null && $LOCO query --num-ctx 4096 --router-kind embedding "what is the capital of chile"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "replies": [{"content": "Lima."}]}
--- stdout
Lima.
--- stderr re
\[router -> geo \| 1 tokens \| 50\.0 tok/s \| [0-9]+\.[0-9]s\]
--- loads
[{"model": "qwen3:4b", "options": {"num_ctx": 8192}, "reason": "first load"},
 {"model": "qwen3:4b", "options": {"num_ctx": 4096}, "reason": "runner options changed"}]
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/embed", "body": {"options": {"num_ctx": 8192}}},
 {"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/embed", "body": {"input": ["what is the capital of chile"], "options": {"num_ctx": 4096}}},
 {"method": "POST", "path": "/api/chat", "body": {"options": {"num_ctx": 4096}}}]

=== no server: the embedding router says so, the other kinds need none
$ sh -c '$LOCO route --router-kind embedding "what is the capital of chile"; echo "exit $?"; $LOCO route "what is the capital of chile"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- stdout
exit 3
geo
--- stderr
loco: error: no server answers at http://127.0.0.1:9 (connection refused)
hint: the embedding router asks the server for each question's vector
hint: start it with 'ollama serve', or use --router-kind classifier

=== a model that cannot embed: the server's 501, and what to do
$ loco router train --kind embedding
exit 5
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- file home/.locollm/config.yaml
router: {embed_model: "noembed:1b"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "replies": [{"content": "Lima."}]}
--- stdout re
.*
--- stderr
loco: error: the model 'noembed:1b' cannot embed (HTTP 501)
hint: This server does not support embeddings. Start it with `--embeddings`
hint: pull an embedding model and name it in router.embed_model:
hint:   ollama pull nomic-embed-text
hint:   loco config set router.embed_model nomic-embed-text
hint: then retrain with loco router train --kind embedding

=== a model the server does not have
$ loco route --router-kind embedding "hi"
exit 4
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- file home/.locollm/config.yaml
router: {embed_model: "nomic-embed-text"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "replies": [{"content": "Lima."}]}
--- stderr
loco: error: the embedding model 'nomic-embed-text' is not on the server
hint: pull it (ollama pull nomic-embed-text) or set router.embed_model

=== another router.embed_model makes the model stale: keywords decide meanwhile
$ sh -c '$LOCO -q router train --kind embedding > /dev/null && $LOCO config set router.embed_model locollm-geo > /dev/null && $LOCO route --router-kind embedding "the capital of chile"; $LOCO router show --kind embedding | tail -1'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "replies": [{"content": "Lima."}]}
--- stdout
geo
  router.embed_model is now locollm-geo: retrain with loco router train --kind embedding
--- stderr
loco: warning: the embedding model is out of date; keywords decide meanwhile
hint: trained with 'qwen3:4b', router.embed_model is 'locollm-geo'
hint: retrain with loco router train --kind embedding

=== an OpenAI-compatible server: /embeddings under backend.base_url, no runner options
$ sh -c '$LOCO -q router train --kind embedding > /dev/null && $LOCO route --router-kind embedding "the capital of chile"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "replies": [{"content": "Lima."}]}
--- stdout
geo
--- requests
[{"method": "GET", "path": "/v1/models"},
 {"method": "POST", "path": "/v1/embeddings", "body": {"model": "qwen3:4b", "options": "<absent>", "input": "<any>"}},
 {"method": "GET", "path": "/v1/models"},
 {"method": "POST", "path": "/v1/embeddings", "body": {"model": "qwen3:4b", "input": ["the capital of chile"]}}]

=== eval --router --router-kind embedding: cross-validated; a fold embeds only texts not seen yet, a rerun none
$ sh -c '$LOCO eval --router --router-kind embedding | grep -A1 "router accuracy"; $LOCO eval --router --router-kind embedding > /dev/null'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "replies": [{"content": "Lima."}]}
--- stdout re
router accuracy \(embedding, 5-fold cross-validation\):
  \d+/18 = .*
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/embed", "body": {"options": {"num_ctx": 8192}}},
 {"method": "POST", "path": "/api/embed", "body": {"input": ["which country has the most lakes", "add 35 and 48 for me", "tell me a joke"]}},
 {"method": "POST", "path": "/api/embed", "body": {"input": ["what is the capital of peru", "which ocean is the deepest", "what is 15% of 80", "recommend a good book"]}},
 {"method": "GET", "path": "/api/tags"}]

=== eval --router alone leaves the embedding router out and needs no server
$ loco eval --router
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- stdout re
5-fold cross-validation .*router accuracy \(keyword, .*router accuracy \(classifier, .*keyword vs classifier: .*

=== route and query with the embedding router: one GET /api/tags each, the embedder's list serves query's check too
$ sh -c '$LOCO -q router train --kind embedding > /dev/null && $LOCO route --router-kind embedding "what is the capital of chile" && $LOCO query --router-kind embedding "what is the capital of chile"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}], "replies": [{"content": "Lima."}]}
--- stdout
geo
Lima.
--- stderr re
loco: warning: model 'locollm-geo' is not installed
hint: 'loco setup' creates it; until then qwen3:4b answers
\[router -> geo \(via base model\) \| 1 tokens \| 50\.0 tok/s \| [0-9]+\.[0-9]s\]
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/embed"},
 {"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/embed", "body": {"input": ["what is the capital of chile"]}},
 {"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/embed", "body": {"input": ["what is the capital of chile"]}},
 {"method": "POST", "path": "/api/chat", "body": {"model": "qwen3:4b"}}]
