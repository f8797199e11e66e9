# loco promote: one domain's active adapter changes; everything else in the
# file stays byte for byte.

=== promote a block-style adapter; comments, quoting and order survive
$ loco promote math-v2
--- file work/adapters/registry.yaml
# Registry for the autumn lab
base_model:
  ollama_name: "qwen3:4b"   # pulled on every laptop

adapters:
  math:            # the 2026-S1 winner
    version: "0.1.0"
    type: system-prompt
    active: true
    router_keywords: [solve]
  math-v2:
    version: 0.2.0
    type: system-prompt
    domain: math
    router_keywords: ['solve']   # same keywords
  code: {version: 1.0.0, type: system-prompt, active: true}
--- stdout
math-v2 is now the active adapter of domain 'math' (was math)
--- after work/adapters/registry.yaml
# Registry for the autumn lab
base_model:
  ollama_name: "qwen3:4b"   # pulled on every laptop

adapters:
  math:            # the 2026-S1 winner
    version: "0.1.0"
    type: system-prompt
    active: false
    router_keywords: [solve]
  math-v2:
    version: 0.2.0
    type: system-prompt
    domain: math
    router_keywords: ['solve']   # same keywords
    active: true
  code: {version: 1.0.0, type: system-prompt, active: true}

=== flow-style entries are edited inside their braces
$ loco promote b
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  a: {version: 1.0.0, type: system-prompt, domain: d, active: true}
  b: {version: 1.0.0, type: system-prompt, domain: d}
--- stdout
b is now the active adapter of domain 'd' (was a)
--- after work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  a: {version: 1.0.0, type: system-prompt, domain: d, active: false}
  b: {version: 1.0.0, type: system-prompt, domain: d, active: true}

=== promoting the active adapter changes nothing
$ loco promote a
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  a: {version: 1.0.0, type: system-prompt, active: true}
--- stderr
loco: 'a' is already the active adapter of domain 'a'
--- after work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  a: {version: 1.0.0, type: system-prompt, active: true}

=== promote --json: one object saying what changed
$ sh -c '$LOCO promote --json b && $LOCO promote --json b'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  a: {version: 1.0.0, type: system-prompt, domain: d, active: true}
  b: {version: 1.0.0, type: system-prompt, domain: d}
--- stdout
{"adapter":"b","domain":"d","was":"a","changed":true,"registry":"adapters/registry.yaml"}
{"adapter":"b","domain":"d","was":null,"changed":false,"registry":"adapters/registry.yaml"}

=== the router follows the promotion
$ sh -c '$LOCO route "solve it"; $LOCO promote math-v2 > /dev/null; $LOCO route --json "solve it"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, active: true, router_keywords: [solve]}
  math-v2: {version: 2.0.0, type: system-prompt, domain: math, router_keywords: [solve, it]}
--- stdout
math
{"adapter":"math-v2","kind":"keyword","confidence":1,"low_confidence":false,"probabilities":{"math-v2":1,"base":0},"margin":2,"scores":{"math":1,"math-v2":2},"matched":{"math":["solve"],"math-v2":["solve","it"]}}

=== an unknown adapter
$ loco promote mth
exit 4
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt}
--- stderr
loco: error: adapter 'mth' not found in adapters/registry.yaml
hint: did you mean 'math'?

=== the built-in registry cannot be edited
$ loco promote math
exit 2
--- stderr
loco: error: the built-in registry cannot be edited
hint: give a registry file with --registry or LOCO_REGISTRY
hint: loco is using the registry built into it: there is no
hint: ./adapters/registry.yaml here, none in LOCO_HOME and no install
hint: run loco in its checkout, install it ('PREFIX=~/.local scripts/setup.sh'),
hint: or name the shipped one: --registry CHECKOUT/adapters/registry.yaml

=== a registry that does not load is reported, never edited
$ loco promote b
exit 5
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  a: {version: 1.0.0, type: system-prompt, domain: d, active: true}
  b:
    version: 1.0.0
    type: system-prompt
    domain: d
    active:
--- stderr
loco: error: adapters/registry.yaml:8:12: adapter 'b': active: expected true or false, found an empty value
--- after work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  a: {version: 1.0.0, type: system-prompt, domain: d, active: true}
  b:
    version: 1.0.0
    type: system-prompt
    domain: d
    active:

=== a CRLF registry stays CRLF: the added line ends in \r\n too (shown here as ~)
$ sh -c 'printf "base_model: {ollama_name: qwen3:4b}\r\nadapters:\r\n  math:\r\n    version: 0.1.0\r\n    type: system-prompt\r\n  math-v2:\r\n    version: 0.2.0\r\n    type: system-prompt\r\n    domain: math\r\n" > adapters/registry.yaml && $LOCO promote math-v2 && tr "\r" "~" < adapters/registry.yaml'
--- file work/adapters/.keep
--- stdout
math-v2 is now the active adapter of domain 'math'
base_model: {ollama_name: qwen3:4b}~
adapters:~
  math:~
    version: 0.1.0~
    type: system-prompt~
  math-v2:~
    version: 0.2.0~
    type: system-prompt~
    domain: math~
    active: true~

=== six adapters added at once all land in the registry (flock on registry.yaml.lock)
$ sh -c 'for n in a1 a2 a3 a4 a5 a6; do $LOCO -q adapters add $n > /dev/null & done; wait; $LOCO adapters list --names | sort'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.1.0, type: system-prompt, active: true}
--- stdout
a1
a2
a3
a4
a5
a6
math

=== promotions at once in two domains both land
$ sh -c '$LOCO -q promote math-v2 > /dev/null & $LOCO -q promote code-v2 > /dev/null & wait; $LOCO -q adapters list | awk "{print \$1, \$5}"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.1.0, type: system-prompt, active: true}
  math-v2: {version: 0.1.0, type: system-prompt, domain: math}
  code: {version: 0.1.0, type: system-prompt, active: true}
  code-v2: {version: 0.1.0, type: system-prompt, domain: code}
--- stdout
NAME ACTIVE
math no
math-v2 yes
code no
code-v2 yes
