# loco route: the SPEC section 3 cases end to end, output forms, query input,
# registry lookup and registry errors. No server is running: route needs none.

=== solve 2+2 -> math
$ loco route "solve 2+2"
--- stdout
math

=== calculate the average -> math
$ loco route "calculate the average of 10 and 20"
--- stdout
math

=== python function -> code
$ loco route "write a python function to reverse a string"
--- stdout
code

=== passage -> analysis
$ loco route "analyze this passage about climate change"
--- stdout
analysis

=== explain why -> analysis
$ loco route "explain why the sky is blue"
--- stdout
analysis

=== summarize evidence -> analysis
$ loco route "summarize the evidence in this text"
--- stdout
analysis

=== hello there -> base model
$ loco route "hello there"
--- stdout
base model

=== an empty or blank text is a usage error, as in query (from arguments or stdin)
$ sh -c '$LOCO route ""; echo $?; $LOCO route " 	 "; echo $?; $LOCO route </dev/null; echo $?'
--- stdout
2
2
2
--- stderr
loco: error: the text to route is empty
loco: error: the text to route is empty
loco: error: the text to route is empty

=== upper case -> math
$ loco route "SOLVE this EQUATION"
--- stdout
math

=== words are joined: several arguments form one query
$ loco route solve this equation
--- stdout
math

=== '-' reads the query from stdin
$ loco route -
--- stdin
Summarize the main idea of this article.
--- stdout
analysis

=== no query and stdin not a terminal reads stdin
$ loco route
--- stdin
How many apples are left?
--- stdout
math

=== --explain shows scores, hits, margin and confidence
$ loco route --explain "calculate the average of 10 and 20"
--- stdout
math
  adapter          score  matched
* math                 2  calculate, average
  code                 0
  analysis             0
margin 2 over analysis (2 vs 0), confidence 1.00

=== --explain for the base model
$ loco route --explain "hello there"
--- stdout
base model
  adapter          score  matched
  math                 0
  code                 0
  analysis             0
no adapter reached router.min_score 1: the base model answers

=== --json
$ loco route --json "write a python function to reverse a string"
--- stdout json
{"adapter": "code", "kind": "keyword", "confidence": 1, "low_confidence": false, "margin": 3,
 "probabilities": {"math": 0, "code": 1, "analysis": 0, "base": 0},
 "scores": {"math": 0, "code": 3, "analysis": 0},
 "matched": {"math": [], "code": ["python", "function", "string"], "analysis": []}}

=== --json for the base model has adapter null
$ loco --json route "hello there"
--- stdout json
{"adapter": null, "kind": "keyword", "confidence": 0, "low_confidence": false, "margin": 0,
 "probabilities": {"math": 0, "code": 0, "analysis": 0, "base": 1},
 "scores": {"math": 0, "code": 0, "analysis": 0},
 "matched": {"math": [], "code": [], "analysis": []}}

=== a tie is announced as low confidence on stderr
$ loco route "explain how to solve it"
--- stdout
analysis
--- stderr
loco: low confidence: analysis 1 vs math 1

=== -q drops the low-confidence note
$ loco route -q "explain how to solve it"
--- stdout
analysis

=== router.min_score from the config file
$ loco route "solve it"
--- file home/.locollm/config.yaml
router:
  min_score: 2
--- stdout
base model

=== colour only when asked or on a terminal
$ loco route --explain "solve it"
env LOCO_FORCE_TTY=1
--- stdout re
math
  adapter          score  matched
\x1b\[1m\* math                 1  solve\x1b\[0m
.*

=== NO_COLOR wins over a terminal
$ loco route --explain "solve it"
env LOCO_FORCE_TTY=1
env NO_COLOR=1
--- stdout
math
  adapter          score  matched
* math                 1  solve
  code                 0
  analysis             0
margin 1 over analysis (1 vs 0), confidence 1.00

=== ./adapters/registry.yaml in the working folder wins over the built-in one
$ loco -v route "tell me a joke"
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  jokes:
    version: 1.0.0
    type: system-prompt
    router_keywords: [joke]
--- stdout
jokes
--- stderr
loco: registry adapters/registry.yaml (./adapters/registry.yaml)

=== $LOCO_HOME/registry.yaml is used when there is none in the working folder
$ loco -v route "tell me a joke"
--- file home/.locollm/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  jokes: {version: 1.0.0, type: system-prompt, router_keywords: [joke]}
--- stdout
jokes
--- stderr
loco: registry $LOCO_HOME/registry.yaml (LOCO_HOME)

=== LOCO_REGISTRY beats the working folder; --registry beats LOCO_REGISTRY
$ loco -v route --registry $T/flag.yaml "tell me a joke"
env LOCO_REGISTRY=$T/env.yaml
--- file flag.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  flagged: {version: 1.0.0, type: system-prompt, router_keywords: [joke]}
--- file env.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  from-env: {version: 1.0.0, type: system-prompt, router_keywords: [joke]}
--- stdout
flagged
--- stderr
loco: registry $T/flag.yaml (--registry)

=== LOCO_REGISTRY is used when given
$ loco -v route "tell me a joke"
env LOCO_REGISTRY=$T/env.yaml
--- file env.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  from-env: {version: 1.0.0, type: system-prompt, router_keywords: [joke]}
--- stdout
from-env
--- stderr
loco: registry $T/env.yaml (LOCO_REGISTRY)

=== config 'registry' is used when given
$ loco -v route "tell me a joke"
--- file home/.locollm/config.yaml
registry: $T/cfg.yaml
--- file cfg.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  from-config: {version: 1.0.0, type: system-prompt, router_keywords: [joke]}
--- stdout
from-config
--- stderr
loco: registry $T/cfg.yaml (config 'registry')

=== the built-in registry is the last resort
$ loco -v route "solve it"
--- stdout
math
--- stderr
loco: registry (built-in registry) (built-in)

=== a missing explicit registry is an input error
$ loco route --registry $T/nope.yaml x
exit 5
--- stderr
loco: error: registry '$T/nope.yaml' (from --registry) not found

=== a broken registry names file, line, column and key
$ loco route x
exit 5
--- file work/adapters/registry.yaml
base_model:
  ollama_name: "qwen3:4b"
adapters:
  code:
    version: 1.0.0
    type: lorra
--- stderr
loco: error: adapters/registry.yaml:6:11: adapter 'code': type 'lorra' is not one of system-prompt, merged-gguf, lora

=== malformed YAML in a registry
$ loco adapters list
exit 5
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"
adapters: {}
--- stderr
loco: error: adapters/registry.yaml:2:1: did not find expected ',' or '}' while parsing a flow mapping

=== an empty registry file
$ loco route x
exit 5
--- file work/adapters/registry.yaml
--- stderr
loco: error: adapters/registry.yaml: the registry is empty (it needs base_model and adapters)

=== inactive adapters never beat their domain's active one
$ loco route --json "sum total"
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  old-math: {version: 0.1.0, type: system-prompt, domain: math, router_keywords: [sum, total]}
  math: {version: 0.2.0, type: system-prompt, domain: math, active: true, router_keywords: [sum]}
--- stdout json
{"adapter": "math", "kind": "keyword", "confidence": 1, "low_confidence": false, "margin": 1,
 "probabilities": {"math": 1, "base": 0},
 "scores": {"old-math": 2, "math": 1}, "matched": {"old-math": ["sum", "total"], "math": ["sum"]}}

=== --json: a note of several lines is a list of lines, none with a newline
$ loco route --json --router-kind embedding "the capital of chile"
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdout json
{"adapter": null, "kind": "keyword", "confidence": 0, "low_confidence": false, "margin": 0,
 "note": ["no embedding model at $LOCO_HOME/router/embedding.model",
          "train one with loco router train --kind embedding",
          "the keyword router decides meanwhile"],
 "probabilities": {"math": 0, "code": 0, "analysis": 0, "base": 1},
 "scores": {"math": 0, "code": 0, "analysis": 0},
 "matched": {"math": [], "code": [], "analysis": []}}
--- stderr
loco: warning: no embedding model at $LOCO_HOME/router/embedding.model
hint: train one with loco router train --kind embedding
hint: the keyword router decides meanwhile

=== --json: a note of one line is a list of one
$ loco route --json --router-kind classifier "hello there"
--- stdout json
{"adapter": null, "kind": "keyword", "confidence": 0, "low_confidence": false, "margin": 0,
 "note": ["no classifier model at $LOCO_HOME/router/classifier.model: train one with loco router train; the keyword router decides meanwhile"],
 "probabilities": {"math": 0, "code": 0, "analysis": 0, "base": 1},
 "scores": {"math": 0, "code": 0, "analysis": 0},
 "matched": {"math": [], "code": [], "analysis": []}}
--- stderr
loco: warning: no classifier model at $LOCO_HOME/router/classifier.model: train one with loco router train; the keyword router decides meanwhile

=== --explain: each line of a note indented
$ loco route --explain --router-kind embedding "the capital of chile"
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdout re
base model
  no embedding model at \S+/router/embedding\.model
  train one with loco router train --kind embedding
  the keyword router decides meanwhile
.*
--- stderr re
.*
