# loco config: precedence, list/get/set/path, and broken files.

=== path is under LOCO_HOME by default
$ loco config path
--- stdout
$LOCO_HOME/config.yaml

=== LOCO_CONFIG moves it
$ loco config path
env LOCO_CONFIG=$T/elsewhere.yaml
--- stdout
$T/elsewhere.yaml

=== --config wins over LOCO_CONFIG
$ loco --config $T/flag.yaml config path
env LOCO_CONFIG=$T/elsewhere.yaml
--- stdout
$T/flag.yaml

=== get a default
$ loco config get inference.vote_temperature
--- stdout
0.7

=== get --json
$ loco config get inference.temperature --json
--- stdout
null

=== get an unknown key: usage error with a suggestion
$ loco config get inference.vote
exit 2
--- stderr
loco: error: unknown config key 'inference.vote'; did you mean 'inference.votes'?

=== defaults < file < env < flag, with origins
$ loco --host http://flag:3 config list --show-origin
env LOCO_REGISTRY=/env/registry.yaml
--- file home/.locollm/config.yaml
registry: /file/registry.yaml
ollama:
  host: http://file:1
  keep_alive: 10m
eval:
  jobs: 2
--- stdout
env      registry = /env/registry.yaml
flag     ollama.host = http://flag:3
default  ollama.hosts = 
default  ollama.connect_timeout = 5
default  ollama.stall_timeout = 600
file     ollama.keep_alive = 10m
default  backend.kind = ollama
default  backend.base_url = null
default  backend.api_key_env = OPENAI_API_KEY
default  index_url = null
default  inference.reread = true
default  inference.votes = 1
default  inference.vote_temperature = 0.7
default  inference.vote_method = majority
default  inference.min_agreement = 0.6
default  inference.max_votes = 9
default  inference.think = false
default  inference.temperature = null
default  inference.num_ctx = 8192
default  inference.max_num_ctx = 16384
default  router.min_score = 1
default  router.low_confidence = 0.34
default  router.kind = keyword
default  router.target_precision = 0.95
default  router.embed_model = null
default  router.min_confidence = null
default  chat.context_limit = 8192
default  chat.nudge = true
default  chat.history = true
default  logs.enabled = true
file     eval.jobs = 2
default  eval.temperature = 0
default  eval.top_p = 1
default  eval.max_tokens = 512
default  eval.seed = 42
default  eval.cache = true
default  eval.judge_model = null
default  eval.min_items = 50
default  eval.ood_max_drop = 5
default  sandbox.max_disk_mb = 64
default  bench.reference.kind = ollama
default  bench.reference.base_url = null
default  bench.reference.api_key_env = OPENAI_API_KEY
default  bench.reference.model = null
default  tools.max_calls = 3
default  tools.confirm = false
default  semester = 2026-S2

=== OLLAMA_HOST beats the file
$ loco config get ollama.host
env OLLAMA_HOST=http://env:2
--- file home/.locollm/config.yaml
ollama: {host: "http://file:1"}
--- stdout
http://env:2

=== --no-config ignores the file but not the environment
$ loco --no-config config list --json
unset OLLAMA_HOST
--- file home/.locollm/config.yaml
eval: {jobs: 2}
this is: [not, valid
--- stdout json
{"registry": null, "ollama.host": "http://127.0.0.1:11434", "ollama.hosts": [],
 "ollama.connect_timeout": 5, "ollama.stall_timeout": 600, "ollama.keep_alive": "5m", "backend.kind": "ollama",
 "backend.base_url": null, "backend.api_key_env": "OPENAI_API_KEY", "index_url": null,
 "inference.reread": true, "inference.votes": 1, "inference.vote_temperature": 0.7,
 "inference.vote_method": "majority", "inference.min_agreement": 0.6, "inference.max_votes": 9, "inference.think": false, "inference.temperature": null,
 "inference.num_ctx": 8192, "inference.max_num_ctx": 16384, "router.min_score": 1, "router.low_confidence": 0.34,
   "router.kind": "keyword", "router.target_precision": 0.95, "router.embed_model": null, "router.min_confidence": null,
 "chat.context_limit": 8192, "chat.nudge": true, "chat.history": true, "logs.enabled": true, "eval.jobs": 4,
 "eval.temperature": 0, "eval.top_p": 1, "eval.max_tokens": 512, "eval.seed": 42,
 "eval.cache": true, "eval.judge_model": null, "eval.min_items": 50,
   "eval.ood_max_drop": 5, "sandbox.max_disk_mb": 64,
   "bench.reference.kind": "ollama", "bench.reference.base_url": null,
   "bench.reference.api_key_env": "OPENAI_API_KEY", "bench.reference.model": null,
   "tools.max_calls": 3, "tools.confirm": false, "semester": "2026-S2"}

=== semester follows the date unless set
$ loco config get semester
--- file home/.locollm/config.yaml
semester: "2027-S1"
--- stdout
2027-S1

=== set creates the file and its folder
$ loco config set inference.votes 5
--- after home/.locollm/config.yaml
inference:
  votes: 5

=== set keeps comments, order and formatting
$ loco config set ollama.host http://lab-server:11434
--- file home/.locollm/config.yaml
# Lab machine settings
ollama:
  host: "http://old:11434"   # the office box
  keep_alive: 30m

eval: {jobs: 2}  # small laptop
--- after home/.locollm/config.yaml
# Lab machine settings
ollama:
  host: "http://lab-server:11434"   # the office box
  keep_alive: 30m

eval: {jobs: 2}  # small laptop

=== set into a flow mapping
$ loco config set eval.seed 7
--- file home/.locollm/config.yaml
eval: {jobs: 2}  # small laptop
--- after home/.locollm/config.yaml
eval: {jobs: 2, seed: 7}  # small laptop

=== set a bad value: usage error, file untouched
$ loco config set eval.jobs lots
exit 2
--- file home/.locollm/config.yaml
eval: {jobs: 2}
--- stderr
loco: error: 'eval.jobs' must be a whole number from 1 to 64, not 'lots'
--- after home/.locollm/config.yaml
eval: {jobs: 2}

=== set an unknown key
$ loco config set eval.job 3
exit 2
--- stderr
loco: error: unknown config key 'eval.job'; did you mean 'eval.jobs'?

=== set where the file's shape allows no safe edit
$ loco config set ollama.hosts http://a:1
exit 5
--- file home/.locollm/config.yaml
ollama:
  hosts:
    - http://b:2
--- stderr
loco: error: $LOCO_HOME/config.yaml:3:5: cannot replace a list written in block style in place; edit the file by hand
--- after home/.locollm/config.yaml
ollama:
  hosts:
    - http://b:2

=== a malformed config stops every command with its location, exit 5
$ loco route "solve 2+2"
exit 5
--- file home/.locollm/config.yaml
inference:
  votes: 3
 reread: false
--- stderr
loco: error: $LOCO_HOME/config.yaml:3:2: did not find expected key while parsing a block mapping

=== a wrong type in the config
$ loco route x
exit 5
--- file home/.locollm/config.yaml
router: {low_confidence: high}
--- stderr
loco: error: $LOCO_HOME/config.yaml:1:26: 'router.low_confidence' must be a number from 0 to 1, not 'high'

=== an unknown key in the config
$ loco route x
exit 5
--- file home/.locollm/config.yaml
chat:
  nudges: false
--- stderr
loco: error: $LOCO_HOME/config.yaml:2:3: unknown config key 'chat.nudges'; did you mean 'chat.nudge'?

=== a config that is a folder
$ loco --config $T route x
exit 5
--- stderr
loco: error: cannot read '$T': it is a directory

=== a missing --config file
$ loco --config $T/missing.yaml route x
exit 5
--- stderr
loco: error: config file '$T/missing.yaml' not found

=== an empty LOCO_REGISTRY counts as unset
$ loco route x
env LOCO_REGISTRY=
--- stdout
base model

=== config set with --config creates that file
$ loco --config $T/new.yaml config set chat.nudge false
--- after new.yaml
chat:
  nudge: false

=== set in a file with non-ASCII text before the key
$ loco config set eval.jobs 3
--- file home/.locollm/config.yaml
# Réglages du labo — café 3ᵉ étage
eval: {jobs: 2}
--- after home/.locollm/config.yaml
# Réglages du labo — café 3ᵉ étage
eval: {jobs: 3}

=== a real key written dotted at the top level says how to nest it
$ loco route x
exit 5
--- file home/.locollm/config.yaml
eval.jobs: 8
--- stderr
loco: error: $LOCO_HOME/config.yaml:1:1: 'eval.jobs' must be written inside its section: eval: {jobs: ...}

=== eight config set runs at once: every key lands (flock on config.yaml.lock)
$ sh -c 'for kv in "eval.jobs 3" "eval.seed 7" "eval.max_tokens 99" "inference.votes 5" "inference.num_ctx 4096" "ollama.connect_timeout 7" "router.min_score 2" "chat.context_limit 2048"; do $LOCO config set $kv & done; wait; for k in eval.jobs eval.seed eval.max_tokens inference.votes inference.num_ctx ollama.connect_timeout router.min_score chat.context_limit; do $LOCO config get $k; done; ls -A $LOCO_HOME'
--- file home/.locollm/config.yaml
# the lab's settings
eval: {jobs: 1}
--- stdout
3
7
99
5
4096
7
2
2048
config.yaml
config.yaml.lock

=== a symlinked config.yaml is edited where it points, and stays a link
$ sh -c 'ln -s ../../dotfiles/loco.yaml $LOCO_HOME/config.yaml && $LOCO config set eval.jobs 5 && test -L $LOCO_HOME/config.yaml && echo "still a link"'
--- file dotfiles/loco.yaml
eval:
  jobs: 3
--- file home/.locollm/.keep
--- stdout
still a link
--- after dotfiles/loco.yaml
eval:
  jobs: 5

=== a negative number is a value: a range error, not an unknown option
$ loco config set eval.jobs -3
exit 2
--- file home/.locollm/config.yaml
eval: {jobs: 2}
--- stderr
loco: error: 'eval.jobs' must be a whole number from 1 to 64, not '-3'
--- after home/.locollm/config.yaml
eval: {jobs: 2}

=== a negative value in range is set
$ loco config set eval.seed -1
--- after home/.locollm/config.yaml
eval:
  seed: -1

=== unset takes the key out, keeps comments and the other keys
$ sh -c '$LOCO config unset eval.jobs && $LOCO config list --show-origin | grep "eval.jobs\|eval.seed"'
--- file home/.locollm/config.yaml
# the lab's settings
eval:
  jobs: 8   # a big machine
  seed: 7
--- stdout
default  eval.jobs = 4
file     eval.seed = 7
--- after home/.locollm/config.yaml
# the lab's settings
eval:
  seed: 7

=== unset in a flow mapping, and the last key of a section leaves {}
$ sh -c '$LOCO config unset eval.seed && $LOCO config unset inference.votes'
--- file home/.locollm/config.yaml
eval: {jobs: 2, seed: 7}  # small laptop
inference:
  votes: 3
--- after home/.locollm/config.yaml
eval: {jobs: 2}  # small laptop
inference: {}

=== unset a key the file does not set: nothing changes, -v says so
$ loco -v config unset eval.jobs
--- file home/.locollm/config.yaml
inference: {votes: 3}
--- stderr
loco: eval.jobs was not set in $LOCO_HOME/config.yaml
--- after home/.locollm/config.yaml
inference: {votes: 3}

=== unset without a config file creates none
$ sh -c '$LOCO config unset eval.jobs; ls -A $LOCO_HOME'
--- file home/.locollm/.keep
--- stdout
.keep

=== unset an unknown key: usage error with a suggestion
$ loco config unset eval.job
exit 2
--- stderr
loco: error: unknown config key 'eval.job'; did you mean 'eval.jobs'?

=== set KEY null unsets it, for any key, never the string "null"
$ sh -c '$LOCO config set eval.judge_model null && $LOCO config set inference.temperature null && $LOCO config set eval.jobs null && $LOCO config get eval.judge_model --json && $LOCO config get eval.jobs'
--- file home/.locollm/config.yaml
eval:
  judge_model: "qwen3:8b"
  jobs: 2
inference:
  temperature: 0.2
--- stdout
null
4
--- after home/.locollm/config.yaml
eval: {}
inference: {}

=== bench.reference is a mapping inside bench (keys three deep): config set writes it nested
$ sh -c '$LOCO config set bench.reference.model big:14b && $LOCO config set bench.reference.kind openai && cat $LOCO_HOME/config.yaml && $LOCO config get bench.reference.model'
--- stdout
bench:
  reference:
    model: "big:14b"
    kind: openai
big:14b

=== a key inside bench.reference that does not exist is named with its place
$ loco config list
exit 5
--- file home/.locollm/config.yaml
bench:
  reference: {kind: openai, modle: x}
--- stderr re
loco: error: .*config\.yaml:2:29: unknown config key 'bench\.reference\.modle'.*

=== unset a key three deep leaves its mapping {}
$ loco config unset bench.reference.model
--- file home/.locollm/config.yaml
bench:
  reference:
    model: "big:14b"
--- after home/.locollm/config.yaml
bench:
  reference: {}
