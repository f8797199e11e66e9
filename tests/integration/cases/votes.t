# loco query --votes: N samples sent at once, majority by the adapter's eval
# type, the tally on stderr, failed samples, best-of-n, and --json samples.

=== five votes: the majority answer, the first full response that gave it
$ loco query --votes 5 --no-early-stop --seed 100 "What is 24 + 27?"
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies_by_model": {"locollm-math": [
   {"match": {"seed": 100}, "content": "I get 52."},
   {"match": {"seed": 101}, "content": "So the answer is 51.", "logprobs": [-0.1, -0.3]},
   {"match": {"seed": 102}, "content": "The total is 51.0"},
   {"match": {"seed": 103}, "content": "51"},
   {"match": {"seed": 104}, "content": "Hmm, 41."}]}}
--- stdout
So the answer is 51.
--- stderr re
\[router -> math \| 3/5 agree on 51; others: 52 \(1\), 41 \(1\) \| mean logprob -0\.18 \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"temperature": 0.7, "seed": 100}}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"temperature": 0.7, "seed": 101}}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"temperature": 0.7, "seed": 102}}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"temperature": 0.7, "seed": 103}}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"temperature": 0.7, "seed": 104}}}]

=== votes without a seed send no seed; vote_temperature comes from the config
$ loco query --votes 2 --no-early-stop --no-route -q "x"
--- file home/.locollm/config.yaml
inference: {vote_temperature: 0.9}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "same"}]}
--- stdout
same
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.9, "seed": "<absent>"}}},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.9, "seed": "<absent>"}}}]

=== inference.votes in the config turns voting on
$ loco query --no-early-stop --no-route "x"
--- file home/.locollm/config.yaml
inference: {votes: 3}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "Paris"}]}
--- stdout
Paris
--- stderr re
\[base model \| 3/3 agree on paris \| .*\]

=== a failed sample is reported and does not vote
$ loco query --votes 3 --no-early-stop --seed 1 --no-route "x"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [
  {"match": {"seed": 1}, "content": "The answer is 7"},
  {"match": {"seed": 2}, "fault": {"kind": "status", "status": 500, "error": "model runner has unexpectedly stopped"}},
  {"match": {"seed": 3}, "content": "The answer is 7"}]}
--- stdout
The answer is 7
--- stderr re
loco: warning: sample 2 of 3 failed: model runner has unexpectedly stopped
\[base model \| 2/2 agree on the answer is 7 \| .*\]

=== fewer than half answering is a failure, with the first cause
$ loco query --votes 3 --no-early-stop --seed 1 --no-route "x"
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [
  {"match": {"seed": 1}, "content": "7"},
  {"match": {"seed": 2}, "fault": {"kind": "status", "status": 500, "error": "boom"}},
  {"match": {"seed": 3}, "fault": {"kind": "cut", "after": 0}}]}
--- stderr re
loco: warning: sample 2 of 3 failed: boom
loco: warning: sample 3 of 3 failed: .*
loco: error: only 1 of 3 samples answered, fewer than half; the first failure follows
loco: error: server error \(HTTP 500\): boom

=== best_of_n: the model judges the numbered responses
$ loco query --votes 3 --no-early-stop --seed 1 --vote-method best_of_n --no-route "Name a prime."
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [
  {"match": {"seed": 1}, "content": "4 is prime."},
  {"match": {"seed": 2}, "content": "7 is prime."},
  {"match": {"seed": 3}, "content": "9 is prime."},
  {"match": {"contains": "Which response is best?"}, "content": "Only the second is right.\nBest: 2"}]}
--- stdout
7 is prime.
--- stderr re
\[base model \| the judge picked response 2 of 3 \| .*\]
--- requests any-order
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"},
 {"path": "/api/chat", "body": {"options": {"temperature": 0, "seed": "<absent>"},
   "messages": [{"role": "user", "content": "<any>"}]}}]

=== an unreadable judge falls back to the first response
$ loco query --votes 2 --no-early-stop --seed 1 --vote-method best_of_n --no-route "x"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [
  {"match": {"seed": 1}, "content": "first"},
  {"match": {"seed": 2}, "content": "second"},
  {"match": {"contains": "Which response is best?"}, "content": "They are both lovely."}]}
--- stdout
first
--- stderr re
\[base model \| the judge's pick could not be read; showing the first response \| .*\]

=== a judge that fails gives its reason (the review's I5)
$ loco query --votes 2 --no-early-stop --seed 1 --vote-method best_of_n --no-route "x"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [
  {"match": {"seed": 1}, "content": "first"},
  {"match": {"seed": 2}, "content": "second"},
  {"match": {"contains": "Which response is best?"}, "fault": {"kind": "status", "status": 400, "error": "request (533 tokens) exceeds the available context size (512 tokens)"}}]}
--- stdout
first
--- stderr re
\[base model \| the judge failed \(request \(533 tokens\) exceeds the available context size \(512 tokens\)\); showing the first response \| .*\]

=== majority with nothing extractable asks the judge
$ loco query --votes 2 --no-early-stop --seed 1 --adapter math "x"
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [
  {"match": {"seed": 1}, "content": "no idea"},
  {"match": {"seed": 2}, "content": "cannot say"},
  {"match": {"contains": "Which response is best?"}, "content": "Best: 2"}]}
--- stdout
cannot say
--- stderr re
\[math \| the judge picked response 2 of 2 \| .*\]

=== --json lists every sample with its seed, answer and vote
$ loco query --votes 3 --no-early-stop --seed 10 --adapter math --json "x"
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [
  {"match": {"seed": 10}, "content": "The answer is 5"},
  {"match": {"seed": 11}, "content": "no number here"},
  {"match": {"seed": 12}, "content": "#### 5"}]}
--- stdout re
\{"adapter":"math","model":"locollm-math","routed":false,"fallback":false,"conversation":"[0-9a-z]{26}","system":".*","prompt":"x\\n\\nRead the question again: x","response":"The answer is 5","votes":\{"method":"majority","n":3,"answered":3,"not_needed":0,"winner":0,"tally":"2/3 agree on 5","answer":"5","agree":2,"agreement":0.6667,"logprob":-0.5,"samples":\[\{"index":0,"seed":10,"response":"The answer is 5","answer":"5","voted":true,"latency":[\d.]+,"tokens":\d+,"cached":false,"logprob":-0.5\},\{"index":1,"seed":11,"response":"no number here","answer":null,"voted":false,"latency":[\d.]+,"tokens":\d+,"cached":false,"logprob":-0.5\},\{"index":2,"seed":12,"response":"#### 5","answer":"5","voted":true,"latency":[\d.]+,"tokens":\d+,"cached":false,"logprob":-0.5\}\]\},"stats":\{"seconds":[\d.]+\}\}

=== on a terminal, a live progress line replaces N interleaved streams
$ loco query --votes 2 --no-early-stop --no-route "x"
env LOCO_FORCE_TTY=1
env NO_COLOR=1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "y"}]}
--- stdout
y
--- stderr re
(\r\[votes 1/2\])?\r\[votes 2/2\]\r\x1b\[K\[base model \| 2/2 agree on y \| .*\]

=== --votes out of range
$ loco query --votes 65 --no-early-stop "x"
exit 2
--- stderr
loco: error: --votes must be a whole number from 1 to 64 or auto, not '65'

=== code votes in query: majority over normalized code
$ loco query --votes 3 --no-early-stop --seed 1 --adapter code "write f"
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-code"}], "replies": [
  {"match": {"seed": 1}, "content": "```python\ndef f(x):\n    return x * 2\n```"},
  {"match": {"seed": 2}, "content": "```python\ndef f(x):\n    return x + x\n```"},
  {"match": {"seed": 3}, "content": "Sure:\n```python\ndef f(x):\n\n    # double it\n    return x + x\n```"}]}
--- stdout
```python
def f(x):
    return x + x
```
--- stderr re
\[code \| 2/3 agree on def f\(x\): \.\.\.; others: def f\(x\): \.\.\. \(1\) \| .*\]

=== inference.temperature is for single answers: votes sample at vote_temperature
$ loco query --votes 2 --no-early-stop --no-route -q "x"
--- file home/.locollm/config.yaml
inference: {temperature: 0.2, vote_temperature: 0.9}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "same"}]}
--- stdout
same
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.9}}},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.9}}}]

=== --temperature is the votes' temperature too
$ loco query --votes 2 --no-early-stop --temperature 0.3 --no-route -q "x"
--- file home/.locollm/config.yaml
inference: {temperature: 0.2, vote_temperature: 0.9}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "same"}]}
--- stdout
same
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.3}}},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.3}}}]

=== chat votes as query does: vote_temperature even with inference.temperature set
$ loco chat -q --adapter none --no-reread --votes 2 --no-early-stop
--- file home/.locollm/config.yaml
inference: {temperature: 0.2, vote_temperature: 0.9}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "same"}]}
--- stdin
x
--- stdout
same
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.9}}},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.9}}}]

=== chat --temperature is the votes' temperature too
$ loco chat -q --adapter none --no-reread --votes 2 --no-early-stop --temperature 0.3
--- file home/.locollm/config.yaml
inference: {temperature: 0.2, vote_temperature: 0.9}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "same"}]}
--- stdin
x
--- stdout
same
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.3}}},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.3}}}]

=== early stop: three of five agree, the two still running are cancelled (issue 20)
$ loco query --votes 5 --seed 100 --no-route "What is 12 + 17?"
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [
   {"match": {"seed": 100}, "content": "The answer is 29", "delay_first_ms": 1500, "delay_ms": 400},
   {"match": {"seed": 101}, "content": "The answer is 29", "delay_first_ms": 1500, "delay_ms": 400},
   {"match": {"seed": 102}, "content": "The answer is 29", "delay_first_ms": 1500, "delay_ms": 400},
   {"match": {"seed": 103}, "content": "30", "delay_first_ms": 8000},
   {"match": {"seed": 104}, "content": "31", "delay_first_ms": 8000}]}
--- stdout
The answer is 29
--- stderr re
\[base model \| 3/3 agree on the answer is 29, 2 samples not needed \| .*\]
--- generations
[{"seed": 100, "outcome": "done"}, {"seed": 101, "outcome": "done"},
 {"seed": 102, "outcome": "done"},
 {"seed": 103, "outcome": "cancelled"}, {"seed": 104, "outcome": "cancelled"}]
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"seed": 100}}},
 {"path": "/api/chat", "body": {"options": {"seed": 101}}},
 {"path": "/api/chat", "body": {"options": {"seed": 102}}},
 {"path": "/api/chat", "body": {"options": {"seed": 103}}},
 {"path": "/api/chat", "body": {"options": {"seed": 104}}}]

=== early stop never cuts a split vote short: every sample finishes
$ loco query --votes 5 --seed 100 --no-route "What is 12 + 17?"
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [
   {"match": {"seed": 100}, "content": "it is 29", "delay_first_ms": 1500, "delay_ms": 300},
   {"match": {"seed": 101}, "content": "it is 30", "delay_ms": 300},
   {"match": {"seed": 102}, "content": "it is 29", "delay_ms": 300},
   {"match": {"seed": 103}, "content": "it is 30", "delay_ms": 300},
   {"match": {"seed": 104}, "content": "it is 31", "delay_ms": 300}]}
--- stdout
it is 29
--- stderr re
\[base model \| 2/5 agree on it is 29; others: it is 30 \(2\), it is 31 \(1\) \| .*\]
loco: uncertain: only 2 of 5 samples agree \(40%, below inference.min_agreement 60%\)
--- generations
[{"seed": 100, "outcome": "done"}, {"seed": 101, "outcome": "done"},
 {"seed": 102, "outcome": "done"}, {"seed": 103, "outcome": "done"},
 {"seed": 104, "outcome": "done"}]

=== --json says how many samples were not needed
$ loco query --votes 3 --seed 1 --no-route --json "x"
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [
   {"match": {"seed": 1}, "content": "7"},
   {"match": {"seed": 2}, "content": "7"},
   {"match": {"seed": 3}, "content": "8", "delay_first_ms": 8000}]}
--- stdout re
.*"votes":\{"method":"majority","n":3,"answered":2,"not_needed":1,.*"agree":2,"agreement":1,.*

=== --votes auto: three samples, then two more while fewer than 60% agree
$ loco query --votes auto --seed 1 --no-route "x"
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [
   {"match": {"seed": 1}, "content": "7"},
   {"match": {"seed": 2}, "content": "8"},
   {"match": {"seed": 3}, "content": "9"},
   {"match": {"seed": 4}, "content": "7"},
   {"match": {"seed": 5}, "content": "7"},
   {"match": {"seed": 6}, "content": "never asked"}]}
--- stdout
7
--- stderr re
\[base model \| 3/5 agree on 7; others: 8 \(1\), 9 \(1\) \| .*\]
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"seed": 1}}},
 {"path": "/api/chat", "body": {"options": {"seed": 2}}},
 {"path": "/api/chat", "body": {"options": {"seed": 3}}},
 {"path": "/api/chat", "body": {"options": {"seed": 4}}},
 {"path": "/api/chat", "body": {"options": {"seed": 5}}}]

=== --votes auto: three that agree are enough
$ loco query --votes auto --no-early-stop --seed 1 --no-route "x"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "7"}]}
--- stdout
7
--- stderr re
\[base model \| 3/3 agree on 7 \| .*\]

=== --votes auto stops at inference.max_votes, and says the answer is uncertain
$ loco query --votes auto --seed 1 --no-route "x"
--- file home/.locollm/config.yaml
inference: {max_votes: 5}
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [
   {"match": {"seed": 1}, "content": "1"}, {"match": {"seed": 2}, "content": "2"},
   {"match": {"seed": 3}, "content": "3"}, {"match": {"seed": 4}, "content": "4"},
   {"match": {"seed": 5}, "content": "5"}]}
--- stdout
1
--- stderr re
\[base model \| 1/5 agree on 1; .*\]
loco: uncertain: only 1 of 5 samples agree \(20%, below inference.min_agreement 60%\)

=== --votes must be a number or auto
$ loco query --votes often "x"
exit 2
--- stderr
loco: error: --votes must be a whole number from 1 to 64 or auto, not 'often'

=== a serial server (OLLAMA_NUM_PARALLEL=1): the samples come back one at a time
$ loco query --votes 3 --no-route "x"
--- server
{"models": [{"name": "qwen3:4b"}], "scheduler": {"num_parallel": 1},
 "replies": [{"content": "same answer here", "delay_first_ms": 250, "delay_ms": 150}]}
--- stdout
same answer here
--- stderr re
loco: the samples came back one at a time: the server runs one request at a time; start Ollama with OLLAMA_NUM_PARALLEL=3 \(for example 'OLLAMA_NUM_PARALLEL=3 ollama serve'\) to run them at once
\[base model \| 2/2 agree on same answer here, 1 sample not needed \| mean logprob -0\.50 \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]

=== a server with parallel slots: the same samples overlap, no hint (early stop may or may not catch the third)
$ loco query --votes 3 --no-route "x"
--- server
{"models": [{"name": "qwen3:4b"}], "scheduler": {"num_parallel": 3},
 "replies": [{"content": "same answer here", "delay_first_ms": 250, "delay_ms": 150}]}
--- stdout
same answer here
--- stderr re
\[base model \| (?:3/3 agree on same answer here|2/2 agree on same answer here, 1 sample not needed) \| mean logprob -0\.50 \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]

=== a serial OpenAI-compatible server is told about llama-server's slots; -q says nothing
$ sh -c '$LOCO query --votes 2 --no-route "x" && $LOCO query -q --votes 2 --no-route "x"'
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "qwen3:4b"}], "scheduler": {"num_parallel": 1},
 "replies": [{"content": "same answer here", "delay_first_ms": 300, "delay_ms": 150}]}
--- stdout
same answer here
same answer here
--- stderr re
loco: the samples came back one at a time: the server runs one request at a time; give it parallel slots \(llama-server: -np 2\) to run them at once
\[base model \| 2/2 agree on same answer here \| mean logprob -0\.50 \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]

=== a chat that votes on a serial server hears the hint once, not every turn
$ loco chat --adapter none --no-reread --votes 2
--- server
{"models": [{"name": "qwen3:4b"}], "scheduler": {"num_parallel": 1},
 "replies": [{"content": "same answer here", "delay_first_ms": 300, "delay_ms": 150}]}
--- stdin
one
two
--- stdout
same answer here
same answer here
--- stderr re
loco: the samples came back one at a time: the server runs one request at a time; start Ollama with OLLAMA_NUM_PARALLEL=2 \(for example 'OLLAMA_NUM_PARALLEL=2 ollama serve'\) to run them at once
(\[[^\n]*\]\n?){2}

=== -v shows every sample's whole response after the tally
$ loco query -v --votes 3 --no-early-stop --seed 1 --no-route "x"
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [
   {"match": {"seed": 1}, "content": "Thinking it over.\n7"},
   {"match": {"seed": 2}, "content": "7"},
   {"match": {"seed": 3}, "content": "8"}]}
--- stdout
Thinking it over.
7
--- stderr re
.*\[base model \| 2/3 agree on 7; others: 8 \(1\) .*\]
\[sample 1 of 3: answer 7\]
Thinking it over.
7
\[sample 2 of 3: answer 7\]
7
\[sample 3 of 3: answer 8\]
8
