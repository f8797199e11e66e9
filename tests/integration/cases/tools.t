# Tools (issue 19): the python tool offered with --tools (or by an adapter's
# tools: [python]), each call run in the sandbox and its printed output sent
# back as a tool message, calls written as text read too, the call limit, the
# OpenAI form, and what is refused; eval --tools and --compare-tools.

=== a structured call runs in the sandbox; its output goes back; the answer prints
$ loco query --tools --no-route "What is 17.5% of 2,480?"
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "17.5% of 2,480 is 434."},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(2480 * 0.175)"}}]}]}
--- stdout
17.5% of 2,480 is 434.
--- stderr re
\[base model \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s \| 1 tool call\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"tools": [{"type": "function", "function": {"name": "python", "description": "<any>", "parameters": {"type": "object", "properties": {"code": {"type": "string", "description": "<any>"}}, "required": ["code"]}}}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [
   {"role": "user", "content": "<any>"},
   {"role": "assistant", "content": "", "tool_calls": [{"id": "<any>", "function": {"name": "python", "arguments": {"code": "print(2480 * 0.175)"}}}]},
   {"role": "tool", "content": "434.0\n", "tool_name": "python", "tool_call_id": "<any>"}]}}]

=== --json carries the trace of every run
$ loco query --tools --no-route --json "What is 6 times 7?"
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "42"},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(6 * 7)"}}]}]}
--- stdout re
.*"response":\s*"42".*"tool_calls":\s*\[\{"name":\s*"python",\s*"code":\s*"print\(6 \* 7\)",\s*"result":\s*"42\\n",\s*"status":\s*"ok",\s*"seconds":\s*[\d.e-]+\}\].*

=== a call written as text in the content (qwen3's <tool_call> block) is read and run
$ loco query --tools --no-route "What is 2 to the 20th?"
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "It is 1048576."},
   {"content": "<tool_call>\n{\"name\": \"python\", \"arguments\": {\"code\": \"print(2**20)\"}}\n</tool_call>"}]}
--- stdout
It is 1048576.
--- stderr re
\[base model .* \| 1 tool call\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat"},
 {"path": "/api/chat", "body": {"messages": [
   {"role": "user"},
   {"role": "assistant", "content": "", "tool_calls": [{"id": "call_1", "function": {"name": "python", "arguments": {"code": "print(2**20)"}}}]},
   {"role": "tool", "content": "1048576\n", "tool_name": "python", "tool_call_id": "call_1"}]}}]

=== tools.max_calls: past the limit the last request offers no tools, and a call then stays text
$ loco query --tools --no-route "loop"
--- file home/.locollm/config.yaml
tools: {max_calls: 1}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "<tool_call>{\"name\": \"python\", \"arguments\": {\"code\": \"print(2)\"}}</tool_call>"},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(1)"}}]}]}
--- stdout
<tool_call>{"name": "python", "arguments": {"code": "print(2)"}}</tool_call>
--- stderr re
\[base model .* \| 1 tool call\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"tools": "<any>"}},
 {"path": "/api/chat", "body": {"tools": "<absent>"}}]

=== without --tools nothing is offered, and a call written as text is never run
$ loco query -q --no-route "What is 2 to the 20th?"
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [{"content": "<tool_call>{\"name\": \"python\", \"arguments\": {\"code\": \"print(2**20)\"}}</tool_call>"}]}
--- stdout
<tool_call>{"name": "python", "arguments": {"code": "print(2**20)"}}</tool_call>
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat", "body": {"tools": "<absent>"}}]

=== an adapter with tools: [python] is offered them; --no-tools turns it off
$ sh -c '$LOCO --registry reg.yaml query -q "calc 6 times 7"; $LOCO --registry reg.yaml query -q --no-tools "calc 6 times 7"'
--- file work/reg.yaml
base_model: {name: Qwen3-4B, ollama_name: "qwen3:4b"}
adapters:
  calc:
    version: 1.0.0
    type: system-prompt
    system_prompt: "You compute."
    router_keywords: [calc]
    tools: [python]
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-calc", "tools": true}],
 "replies": [{"content": "42"}]}
--- stdout
42
42
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>"}},
 {"path": "/api/tags"}, {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<absent>"}}]

=== a model without the tools capability: the server's refusal is shown
$ loco query --tools --no-route "x"
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "x"}]}
--- stderr re
.*does not support tools.*

=== --tools with --votes: each sample runs its own code, one after another; the majority answers
$ loco query --tools --votes 3 --no-route --json "What is 17.5% of 2,480?"
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "It is 434."},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(2480 * 0.175)"}}]}]}
--- stdout re
.*"response":\s*"It is 434\.".*"votes":\s*\{.*"tool_calls":\s*\[\{"name":\s*"python",.*"sample":\s*1\},\s*\{.*"sample":\s*2\},\s*\{.*"sample":\s*3\}\].*
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"tools": "<any>", "options": {"seed": "<absent>"}, "messages": [{"role": "user"}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}, {"role": "assistant"}, {"role": "tool", "content": "434.0\n"}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}, {"role": "assistant"}, {"role": "tool"}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}, {"role": "assistant"}, {"role": "tool"}]}}]

=== --tools --votes on stderr: the tally and the calls on the metadata line
$ loco query --tools --votes 2 --no-route "What is 6 times 7?"
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "42"},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(6 * 7)"}}]}]}
--- stdout
42
--- stderr re
\[base model \| 2/2 agree on 42( \| mean logprob [-\d.]+)? \| 2 tool calls \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]

=== tools the adapter declares are offered with --votes too
$ loco query -q --registry reg.yaml --votes 2 --no-early-stop "calc 6 times 7"
--- file work/reg.yaml
base_model: {name: Qwen3-4B, ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 1.0.0, type: system-prompt, system_prompt: "You compute.", router_keywords: [calc], tools: [python]}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-calc", "tools": true}], "replies": [{"content": "42"}]}
--- stdout
42
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat", "body": {"tools": "<any>"}}, {"path": "/api/chat", "body": {"tools": "<any>"}}]

=== with no sandbox layer, --tools is refused before any request unless --allow-unsandboxed
$ sh -c '$LOCO query --tools --no-route "x"; echo $?; $LOCO query -q --tools --allow-unsandboxed --no-route "What is 6 times 7?"'
env LOCO_TEST_SANDBOX_LAYERS=none
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "42"},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(6 * 7)"}}]}]}
--- stdout
1
42
--- stderr re
loco: error: the python tool runs the model's code: code execution refused: .*--allow-unsandboxed.*
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat", "body": {"tools": "<any>"}},
 {"path": "/api/chat", "body": {"messages": [{"role": "user"}, {"role": "assistant"}, {"role": "tool", "content": "42\n"}]}}]

=== with no sandbox layer, tools the adapter declares are turned off with a warning
$ loco query --registry reg.yaml -q "calc 6 times 7"
env LOCO_TEST_SANDBOX_LAYERS=none
--- file work/reg.yaml
base_model: {name: Qwen3-4B, ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 1.0.0, type: system-prompt, system_prompt: "You compute.", router_keywords: [calc], tools: [python]}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-calc", "tools": true}], "replies": [{"content": "42"}]}
--- stdout
42
--- stderr re
loco: warning: the adapter's python tool is off: code execution refused: .*
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<absent>"}}]

=== --tools and --no-tools together are refused
$ loco query --tools --no-tools --no-route "x"
exit 2
--- stderr
loco: error: --tools and --no-tools cannot be used together

=== tools.confirm on a pipe: the code is not run and the model is told
$ loco query --tools --no-route "What is 6 times 7?"
--- file home/.locollm/config.yaml
tools: {confirm: true}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "I could not run it."},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(6 * 7)"}}]}]}
--- stdout
I could not run it.
--- stderr re
loco: warning: tools.confirm is set and there is no terminal to ask: the model's code is not run
\[base model .* \| 1 tool call\]
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user"}, {"role": "assistant"},
   {"role": "tool", "content": "error: the user did not allow this code to run"}]}}]

=== on a terminal each run is shown on stderr, dimmed, its code and its result
$ loco query --tools --no-route --color never "What is 6 times 7?"
env LOCO_FORCE_TTY=1
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "42"},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "x = 6 * 7\nprint(x)"}}]}]}
--- stdout
42
--- stderr re
python \(ok, [\d.]+s\)
  > x = 6 \* 7
  > print\(x\)
  = 42
\[base model .* \| 1 tool call\]

=== on a terminal -q hides the runs
$ loco query -q --tools --no-route --color never "What is 6 times 7?"
env LOCO_FORCE_TTY=1
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "42"},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(6 * 7)"}}]}]}
--- stdout
42
--- stderr

=== the OpenAI backend: arguments as a string, the result under tool_call_id
$ loco query -q --tools --no-route "What is 6 times 7?"
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "42"},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(6 * 7)"}}]}]}
--- stdout
42
--- requests
[{"path": "/v1/models"},
 {"path": "/v1/chat/completions", "body": {"tools": [{"type": "function", "function": {"name": "python", "description": "<any>", "parameters": "<any>"}}]}},
 {"path": "/v1/chat/completions", "body": {"messages": [
   {"role": "user"},
   {"role": "assistant", "content": "", "tool_calls": [{"id": "<any>", "type": "function", "function": {"name": "python", "arguments": "{\"code\":\"print(6 * 7)\"}"}}]},
   {"role": "tool", "content": "42\n", "tool_call_id": "<any>", "tool_name": "<absent>"}]}}]

=== the answer log keeps the runs
$ sh -c '$LOCO query -q --tools --no-route "What is 6 times 7?" && $LOCO logs --json -n 1'
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "42"},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(6 * 7)"}}]}]}
--- stdout re
42
\[\{.*"tool_calls":\s*\[\{"name":\s*"python",\s*"code":\s*"print\(6 \* 7\)",\s*"result":\s*"42\\n",\s*"status":\s*"ok".*

=== eval --compare-tools: the adapter with the tool against itself without, paired
$ loco eval calc --compare-tools --jobs 1
--- file home/.locollm/config.yaml
eval: {min_items: 6}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 1.0.0, type: system-prompt, system_prompt: "You compute.", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/calc/eval.jsonl
{"id": "c1", "question": "What is 17.5% of 2,480?", "answer": 434}
{"id": "c2", "question": "What is 0.175 times 2480?", "answer": 434}
{"id": "c3", "question": "What is 2480 * 7 / 40?", "answer": 434}
{"id": "c4", "question": "What is 868 / 2?", "answer": 434}
{"id": "c5", "question": "What is 217 * 2?", "answer": 434}
{"id": "c6", "question": "What is 400 + 34?", "answer": 434}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-calc", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "The answer is 434."},
   {"content": "The answer is 433.", "tool_calls": [{"name": "python", "arguments": {"code": "print(2480 * 0.175)"}}]}]}
--- stdout
eval calc --compare-tools: locollm-calc with the python tool and without
  on adapters/calc/eval.jsonl (6 items)

                   correct    score
  without tools     0/6        0.0%
  with tools        6/6      100.0%
  tool calls     6 in 6 of 6 items (6 ran without error)

  difference     +100.0 points (95% CI +21.9 to +100.0, Tango score)
  McNemar p      0.03125 (only with tools right: 6, only without: 0)
  power          80% to detect 92.8 points

  verdict: tools help
--- stderr re
(loco: eval calc: \d+/12 requests, base [\d.]+%, adapter [\d.]+%\n?)*
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<absent>", "messages": [{"role": "system"}, {"role": "user"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>", "messages": [{"role": "system"}, {"role": "user"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>", "messages": [{"role": "system"}, {"role": "user"}, {"role": "assistant"}, {"role": "tool", "content": "434.0\n"}]}},
 {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"},
 {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"},
 {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"},
 {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"}]

=== eval --tools: the adapter offered the tool against the base; --log keeps each run, the report counts them
$ sh -c '$LOCO -q eval calc --tools --jobs 1 --no-reread --json --log log.jsonl | grep -o "\"tools\":{[^}]*}[^}]*}"; grep -c "\"side\":\"adapter\".*\"tool_calls\":\[{\"name\":\"python\",\"code\":\"print(2480 \* 0.175)\",\"result\":\"434.0\\\\n\",\"status\":\"ok\"" log.jsonl; grep -c "\"side\":\"base\".*tool_calls" log.jsonl'
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 1.0.0, type: system-prompt, system_prompt: "You compute.", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/calc/eval.jsonl
{"id": "c1", "question": "What is 17.5% of 2,480?", "answer": 434}
{"id": "c2", "question": "What is 0.175 times 2480?", "answer": 434}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-calc", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "The answer is 434."},
   {"content": "The answer is 433.", "tool_calls": [{"name": "python", "arguments": {"code": "print(2480 * 0.175)"}}]}]}
--- stdout
"tools":{"offered":["python"],"max_calls":3,"adapter":{"calls":2,"ok":2,"items":2}}
2
0
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>"}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>"}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>"}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>"}}]

=== a rerun of --compare-tools is answered from the cache, the tool calls replayed
$ sh -c '$LOCO -q eval calc --compare-tools --json --no-reread | grep -o "\"with_tools\":{[^}]*}"; $LOCO -q eval calc --compare-tools --json --no-reread | grep -o "\"with_tools\":{[^}]*}"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 1.0.0, type: system-prompt, system_prompt: "You compute.", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/calc/eval.jsonl
{"id": "c1", "question": "What is 17.5% of 2,480?", "answer": 434}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-calc", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "The answer is 434."},
   {"content": "The answer is 433.", "tool_calls": [{"name": "python", "arguments": {"code": "print(434)"}}]}]}
--- stdout
"with_tools":{"correct":1,"total":1,"score":1}
"with_tools":{"correct":1,"total":1,"score":1}
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"},
 {"path": "/api/tags"}]

=== eval --tools with no sandbox layer is refused before any request, unless --allow-unsandboxed
$ loco eval calc --tools
env LOCO_TEST_SANDBOX_LAYERS=none
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/calc/eval.jsonl
{"id": "c1", "question": "What is 6 x 7?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-calc", "tools": true}], "replies": [{"content": "42"}]}
--- stderr re
loco: error: the python tool runs the model's code: .*--allow-unsandboxed.*
--- requests
[{"path": "/api/tags"}]

=== eval with tools and tools.confirm: an eval cannot ask, so it is refused
$ loco eval calc --compare-tools
exit 2
--- file home/.locollm/config.yaml
tools: {confirm: true}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/calc/eval.jsonl
{"id": "c1", "question": "What is 6 x 7?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-calc", "tools": true}], "replies": [{"content": "42"}]}
--- stderr
loco: error: tools.confirm is set and an eval cannot ask before each run
hint: set tools.confirm to false for the run, or give --no-tools

=== --compare-tools does not go with --gate or --no-tools
$ sh -c '$LOCO eval calc --compare-tools --gate; echo $?; $LOCO eval calc --compare-tools --no-tools; echo $?'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/calc/eval.jsonl
{"id": "c1", "question": "What is 6 x 7?", "answer": 42}
--- stdout
2
2
--- stderr
loco: error: --compare-tools cannot go with --gate
hint: it compares one adapter with the python tool and without it
loco: error: --compare-tools cannot go with --no-tools
hint: it compares one adapter with the python tool and without it

=== chat --tools: the call runs, the answer prints, the session keeps the runs, the next turn sends the answer
$ sh -c 'printf "What is 17.5%% of 2,480?\nand half of it?\n/save calc\n" | $LOCO chat --tools --adapter none && grep -c "\"tool_calls\"" $LOCO_HOME/sessions/calc.json && $LOCO logs --json -n 2'
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "It is 434."},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(2480 * 0.175)"}}]},
   {"content": "", "tool_calls": [{"name": "python", "arguments": {"code": "print(434 / 2)"}}]}]}
--- stdout re
It is 434.
It is 434.
2
\[\{.*"tool_calls":\s*\[\{"name":\s*"python",\s*"code":\s*"print\(2480 \* 0.175\)",\s*"result":\s*"434.0\\n",\s*"status":\s*"ok".*"tool_calls":\s*\[\{"name":\s*"python",\s*"code":\s*"print\(434 / 2\)".*
--- stderr re
\[base model \| 1 tool call \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]
\[base model \| 1 tool call \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]
.*
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}, {"role": "assistant"}, {"role": "tool", "content": "434.0\n"}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [
   {"role": "user", "content": "What is 17.5% of 2,480?"},
   {"role": "assistant", "content": "It is 434."},
   {"role": "user"}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}, {"role": "assistant"}, {"role": "user"}, {"role": "assistant"}, {"role": "tool", "content": "217.0\n"}]}}]

=== chat: no tools offered without --tools; with --tools --votes each sample runs its own code
$ sh -c 'echo "x" | $LOCO chat -q --adapter none; echo "y" | $LOCO chat --tools --votes 2 --adapter none --no-nudge'
--- server
{"models": [{"name": "qwen3:4b", "tools": true}],
 "replies": [{"match": {"last_role": "tool"}, "content": "one"},
             {"content": "<tool_call>{\"name\": \"python\", \"arguments\": {\"code\": \"print(1)\"}}</tool_call>"}]}
--- stdout
<tool_call>{"name": "python", "arguments": {"code": "print(1)"}}</tool_call>
one
--- stderr re
\[base model \| 2/2 agree on one( \| mean logprob [-\d.]+)? \| 2 tool calls \| .*\]
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat", "body": {"tools": "<absent>"}},
 {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}, {"role": "assistant"}, {"role": "tool", "content": "1\n"}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}]}},
 {"path": "/api/chat", "body": {"tools": "<any>", "messages": [{"role": "user"}, {"role": "assistant"}, {"role": "tool", "content": "1\n"}]}}]

=== bench --tools: the cell oracle+re2+tools against oracle+re2, paired over every domain
$ loco -q bench --tools --cells base,oracle+re2 --no-cache
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-math", "tools": true}, {"name": "locollm-geo", "tools": true}],
 "replies_by_model": {
   "qwen3:4b": [{"content": "alpha"}],
   "locollm-math": [{"match": {"last_role": "tool"}, "content": "gamma"},
                    {"content": "alpha", "tool_calls": [{"name": "python", "arguments": {"code": "print('gamma')"}}]}],
   "locollm-geo": [{"match": {"last_role": "tool"}, "content": "delta"},
                   {"content": "alpha", "tool_calls": [{"name": "python", "arguments": {"code": "print('delta')"}}]}]}}
--- stdout re
bench: 2 domains, 4 items, 3 cells

cell                       n  score    math     geo
base                       4   0\.0%    0\.0%    0\.0%
oracle\+re2                 4   0\.0%    0\.0%    0\.0%
oracle\+re2\+tools           4 100\.0%  100\.0%  100\.0%

comparison \(points\)                 delta  95% CI                 p  Holm p
oracle\+re2 vs base                   \+0\.0   -49\.0 to  \+49\.0       1       1
oracle\+re2\+tools vs base           \+100\.0    \+2\.0 to \+100\.0   0\.125   0\.375
oracle\+re2\+tools vs oracle\+re2     \+100\.0    \+2\.0 to \+100\.0   0\.125   0\.375
tools \(oracle\+re2\+tools vs oracle\+re2\): \+100\.0 points,
  95% CI \+2\.0 to \+100\.0, Holm p 0\.375
(.|\n)*
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/ps"}, {"path": "/api/ps"}, {"path": "/api/ps"}, {"path": "/api/ps"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "locollm-geo", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "locollm-geo", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "tools": "<any>"}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "tools": "<any>"}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "tools": "<any>", "messages": [{"role": "system"}, {"role": "user"}, {"role": "assistant"}, {"role": "tool", "content": "gamma\n"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "tools": "<any>", "messages": [{"role": "system"}, {"role": "user"}, {"role": "assistant"}, {"role": "tool", "content": "gamma\n"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-geo", "tools": "<any>"}},
 {"path": "/api/chat", "body": {"model": "locollm-geo", "tools": "<any>"}},
 {"path": "/api/chat", "body": {"model": "locollm-geo", "tools": "<any>", "messages": [{"role": "system"}, {"role": "user"}, {"role": "assistant"}, {"role": "tool", "content": "delta\n"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-geo", "tools": "<any>", "messages": [{"role": "system"}, {"role": "user"}, {"role": "assistant"}, {"role": "tool", "content": "delta\n"}]}}]

=== bench: a tools cell with no sandbox layer is refused before any request
$ loco -q bench --cells base,oracle+tools
env LOCO_TEST_SANDBOX_LAYERS=none
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-math", "tools": true}], "replies": [{"content": "gamma"}]}
--- stderr re
loco: error: the python tool runs the model's code: .*--allow-unsandboxed.*

=== chat with no sandbox layer: --tools is refused; an adapter's tools are off, said once
$ sh -c '$LOCO chat --tools --adapter none x; echo $?; printf "calc 1\ncalc 2\n" | $LOCO chat --registry reg.yaml --no-nudge'
env LOCO_TEST_SANDBOX_LAYERS=none
--- file work/reg.yaml
base_model: {name: Qwen3-4B, ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 1.0.0, type: system-prompt, system_prompt: "You compute.", router_keywords: [calc], tools: [python]}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-calc", "tools": true}], "replies": [{"content": "42"}]}
--- stdout
1
42
42
--- stderr re
loco: error: the python tool runs the model's code: code execution refused: .*
\[router -> calc; it answers until /clear\]
loco: warning: the adapter's python tool is off: code execution refused: .*
\[calc \| .*\]
\[calc \| .*\]
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat", "body": {"tools": "<absent>"}}, {"path": "/api/chat", "body": {"tools": "<absent>"}}]

=== bench --json: a tools cell counts its runs
$ sh -c '$LOCO -q bench --json --cells oracle+tools | grep -o "\"name\":\"oracle+tools\".*\"tool_calls\":{[^}]*}"  | grep -o "\"tool_calls\":{[^}]*}"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-math", "tools": true}],
 "replies_by_model": {
   "qwen3:4b": [{"content": "alpha"}],
   "locollm-math": [{"match": {"last_role": "tool"}, "content": "gamma"},
                    {"content": "alpha", "tool_calls": [{"name": "python", "arguments": {"code": "print('gamma')"}}]}]}}
--- stdout
"tool_calls":{"calls":2,"ok":2,"items":2}

=== eval --tools --votes: each sample has its own runs, the vote is over the final answers
$ sh -c '$LOCO -q eval calc --tools --votes 3 --no-early-stop --no-reread --json | grep -o "\"tools\":{[^}]*}[^}]*}"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/calc/eval.jsonl
{"id": "c1", "question": "What is 17.5% of 2,480?", "answer": 434}
--- server
{"models": [{"name": "qwen3:4b", "tools": true}, {"name": "locollm-calc", "tools": true}],
 "replies": [
   {"match": {"last_role": "tool"}, "content": "The answer is 434."},
   {"content": "The answer is 433.", "tool_calls": [{"name": "python", "arguments": {"code": "print(434)"}}]}]}
--- stdout
"tools":{"offered":["python"],"max_calls":3,"adapter":{"calls":3,"ok":3,"items":1}}
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "tools": "<absent>"}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>", "options": {"seed": 42}}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>", "options": {"seed": 43}}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>", "options": {"seed": 44}}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>", "options": {"seed": 42}, "messages": [{"role": "system"}, {"role": "user"}, {"role": "assistant"}, {"role": "tool"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>", "options": {"seed": 43}, "messages": [{"role": "system"}, {"role": "user"}, {"role": "assistant"}, {"role": "tool"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-calc", "tools": "<any>", "options": {"seed": 44}, "messages": [{"role": "system"}, {"role": "user"}, {"role": "assistant"}, {"role": "tool"}]}}]
