# The answer log (issue 21 items 1 and 2): every query and chat turn lands in
# LOCO_HOME/logs.db after its answer is printed; `loco logs` lists, searches
# and filters it; `query -c` / `--cid` continue a logged conversation. A log
# that cannot be written only warns. Logged text never reaches a terminal raw.

=== a query is logged: loco logs shows it with its conversation id
$ sh -c '$LOCO query -q "What is 15 + 27?" && $LOCO logs'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "15 + 27 = 42.\nThe answer is 42.", "eval_count": 9}]}
--- stdout re
15 \+ 27 = 42\.
The answer is 42\.
# 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ    conversation: [0-9a-z]{26}

query \| math \(router\) \| locollm-math \| 9 tokens \| [\d.]+s

## Prompt

What is 15 \+ 27\?

## Response

15 \+ 27 = 42\.
The answer is 42\.

=== logs --json: every field of the turn, the router's decision and the options sent
$ sh -c '$LOCO query -q --seed 7 --temperature 0.5 "solve 2+2" >/dev/null && $LOCO --json logs'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "4", "eval_count": 1, "prompt_eval_count": 30}]}
--- stdout json
[{"id": 1, "conversation": "<any>", "datetime_utc": "<any>", "command": "query",
  "session": null, "prompt": "solve 2+2", "system": "<any>", "adapter": "math",
  "model": "locollm-math",
  "router": {"by": "router", "confidence": 1, "low_confidence": false,
             "scores": {"math": 2, "code": 0, "analysis": 0}},
  "options": {"think": false, "temperature": 0.5, "seed": 7, "num_ctx": 8192},
  "response": "4", "thinking": null, "votes": null, "tool_calls": [],
  "stats": {"prompt_tokens": 30, "tokens": 1, "seconds": "<any>", "total_ns": "<any>",
            "load_ns": "<any>", "prompt_ns": "<any>", "eval_ns": "<any>"},
  "partial": false, "cached": false, "error": null}]

=== the issue's example: query -c continues the last conversation, with its history and adapter
$ sh -c '$LOCO query -q "What is 15 + 27?" && $LOCO query -q -c "and doubled?"'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "The answer is 42."}, {"content": "The answer is 84."}]}
--- stdout
The answer is 42.
The answer is 84.
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math", "messages": [
   {"role": "system"},
   {"role": "user", "content": "What is 15 + 27?\n\nRead the question again: What is 15 + 27?"}]}},
 {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math", "messages": [
   {"role": "system"},
   {"role": "user", "content": "What is 15 + 27?"},
   {"role": "assistant", "content": "The answer is 42."},
   {"role": "user", "content": "and doubled?\n\nRead the question again: and doubled?"}]}}]

=== both turns share a conversation id, shown by --json of the query and by logs
$ sh -c '$LOCO --json query "solve 2+2" > a.json && $LOCO --json query -c "and doubled?" > b.json && $LOCO --json logs > l.json && python3 -c "import json; a, b, l = (json.load(open(f)) for f in (\"a.json\", \"b.json\", \"l.json\")); print(a[\"conversation\"] == b[\"conversation\"] == l[0][\"conversation\"] == l[1][\"conversation\"], l[1][\"router\"])"'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}, {"content": "8"}]}
--- stdout
True {'by': 'conversation'}

=== --cid continues another conversation, named by a unique prefix of its id
$ sh -c '$LOCO query -q --no-route "hello there" && $LOCO query -q "solve 2+2" && cid=$($LOCO --json logs -n 0 | python3 -c "import json,sys; print(json.load(sys.stdin)[0][\"conversation\"][:20])") && $LOCO query -q --cid $cid "and you?" && $LOCO logs -n 1 | head -3 | tail -1'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "hi"}, {"content": "4"}, {"content": "fine"}]}
--- stdout re
hi
4
fine
query \| base model \(continued\) \| qwen3:4b \| 1 tokens \| [0-9]+\.[0-9]s
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/tags"}, {"path": "/api/chat"},
 {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "messages": [
   {"role": "user", "content": "hello there"},
   {"role": "assistant", "content": "hi"},
   {"role": "user", "content": "and you?\n\nRead the question again: and you?"}]}}]

=== --adapter on a continued conversation picks another adapter, with the history
$ sh -c '$LOCO query -q "solve 2+2" && $LOCO query -q -c --adapter code "as python?"'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-code"}],
 "replies": [{"content": "4"}, {"content": "print(4)"}]}
--- stdout
4
print(4)
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-code", "messages": [
   {"role": "system"}, {"role": "user", "content": "solve 2+2"},
   {"role": "assistant", "content": "4"}, {"role": "user"}]}}]

=== -c with nothing logged: exit 4, and nothing is asked
$ loco query -c "and doubled?"
exit 4
--- stderr
loco: error: no logged conversation to continue: nothing is logged yet

=== --cid that names no conversation: exit 4
$ sh -c '$LOCO query -q hi && $LOCO query --cid zzzz "x"'
exit 4
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "hello"}]}
--- stdout
hello
--- stderr
loco: error: no logged conversation 'zzzz'; 'loco logs' shows the conversation ids

=== --no-log and logs.enabled false write nothing
$ sh -c '$LOCO query -q --no-log hi && printf "hi\n" | $LOCO chat -q --no-log && $LOCO config set logs.enabled false && $LOCO query -q hi && ls $LOCO_HOME && $LOCO logs'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "hello"}]}
--- stdout
hello
hello
hello
config.yaml
config.yaml.lock
sessions
--- stderr
loco: logs.enabled is false: new answers are not logged
loco: no logged answer matches

=== chat turns are logged with their session and conversation; /clear starts another conversation
$ sh -c 'printf "solve 2+2\nand doubled?\n/clear\nhello there\n" | $LOCO chat -q && $LOCO --json logs -n 0 > l.json && python3 -c "import json, os; l = json.load(open(\"l.json\")); f = lambda r: json.load(open(os.environ[\"LOCO_HOME\"] + \"/sessions/\" + r[\"session\"] + \".json\"))[\"conversation\"]; print([(r[\"command\"], r[\"prompt\"], r[\"adapter\"], r[\"router\"][\"by\"]) for r in l]); print(l[0][\"conversation\"] == l[1][\"conversation\"] != l[2][\"conversation\"], l[0][\"session\"] != l[2][\"session\"], [f(r) == r[\"conversation\"] for r in l])"'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "4"}, {"content": "8"}, {"content": "hi"}]}
--- stdout
4
8
hi
[('chat', 'solve 2+2', 'math', 'router'), ('chat', 'and doubled?', 'math', 'conversation'), ('chat', 'hello there', None, 'router')]
True True [True, True, True]

=== a resumed chat goes on in the same logged conversation
$ sh -c 'printf "solve 2+2\n" | $LOCO chat -q && printf "and doubled?\n" | $LOCO chat -q --resume && $LOCO --json logs | python3 -c "import json,sys; l = json.load(sys.stdin); print(len(l), l[0][\"conversation\"] == l[1][\"conversation\"])"'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}, {"content": "8"}]}
--- stdout
4
8
2 True

=== chat votes are logged with the tally and every sample
$ sh -c 'printf "solve 2+2\n" | $LOCO chat -q --votes 3 --no-early-stop --seed 1 && $LOCO logs | sed -n 3p && $LOCO --json logs -n 1 | python3 -c "import json,sys; v = json.load(sys.stdin)[0][\"votes\"]; print(v[\"tally\"], [s[\"seed\"] for s in v[\"samples\"]])"'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "The answer is 4", "eval_count": 4}, {"content": "The answer is 4", "eval_count": 4}, {"content": "The answer is 5", "eval_count": 4}]}
--- stdout re
The answer is 4
chat \| math \(router\) \| locollm-math \| 2/3 agree on 4; others: 5 \(1\) \| 4 tokens \| [0-9]+\.[0-9]s
2/3 agree on 4; others: 5 \(1\) \[1, 2, 3\]

=== query votes are logged too: the winner's response, the vote's method and tally
$ sh -c '$LOCO query -q --votes 3 --no-early-stop --seed 1 "solve 2+2" && $LOCO --json logs -n 1 | python3 -c "import json,sys; r = json.load(sys.stdin)[0]; v = r[\"votes\"]; print(r[\"response\"], v[\"method\"], v[\"tally\"], [s[\"answer\"] for s in v[\"samples\"]])"'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "The answer is 5"}, {"content": "The answer is 4"}, {"content": "The answer is 4"}]}
--- stdout re
The answer is 4
The answer is 4 majority 2/3 agree on 4; others: 5 \(1\) \[.*\]

=== search is full text over prompts and responses, every word; '?' and quotes are plain text
$ sh -c '$LOCO query -q --no-route "tell me about tea" && $LOCO query -q --no-route "what is 2+2?" && $LOCO logs -n 0 --search "doubled?" && $LOCO logs --search "\"tea" | grep -c "^# " && $LOCO logs --search "green tea" -n 0 | grep -c "^# "'
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"content": "Green tea is steamed."}, {"content": "Doubled, 2 is 4."}]}
--- stdout re
Green tea is steamed\.
Doubled, 2 is 4\.
# .*

query \| base model \(no routing\) .*

## Prompt

what is 2\+2\?

## Response

Doubled, 2 is 4\.
1
1

=== --adapter, --since and -n filter; --since takes durations and dates
$ sh -c '$LOCO query -q "solve 2+2" && $LOCO query -q --no-route "hello there" && $LOCO logs --adapter math | grep -c "^# " && $LOCO logs --adapter none | grep "^query" && $LOCO logs --since 1h -n 0 | grep -c "^# " && $LOCO logs --since 2099-01-01 -q | wc -l && $LOCO logs --since "2020-01-01 10:00" -n 1 | grep -c "^# "'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}, {"content": "hi"}]}
--- stdout re
4
hi
1
query \| base model \(no routing\) \| qwen3:4b \| 1 tokens \| [0-9]+\.[0-9]s
2
0
1

=== a --since that is neither a duration nor a date: exit 2, with the column
$ loco logs --since 2h30
exit 2
--- stderr
loco: error: --since '2h30': column 5: expected a unit after the number: s, m, h, d or w

=== a --since date that does not exist
$ loco logs --since 2026-02-30
exit 2
--- stderr
loco: error: --since '2026-02-30': column 9: the day must be 01 to 28

=== -r prints the last response only, the model's bytes on a pipe
$ sh -c '$LOCO query -q --no-route hi >/dev/null && $LOCO logs -r | od -c | head -2'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "red\u001b]52;c;aGk=\u0007 text"}]}
--- stdout
0000000   r   e   d 033   ]   5   2   ;   c   ;   a   G   k   =  \a    
0000020   t   e   x   t  \n

=== on a terminal, logged text is shown, not obeyed (list and -r)
$ sh -c '$LOCO query -q --no-route hi >/dev/null && LOCO_FORCE_TTY=1 $LOCO logs | tail -1 && LOCO_FORCE_TTY=1 $LOCO logs -r'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "red\u001b]52;c;aGk=\u0007\r text"}]}
--- stdout
red^[]52;c;aGk=^G^M text
red^[]52;c;aGk=^G^M text

=== -r with --json is refused
$ loco --json logs -r
exit 2
--- stderr
loco: error: -r prints the last response as text; leave out --json

=== nothing logged yet: a note, and --json prints an empty list
$ sh -c '$LOCO logs && $LOCO --json logs && ls $LOCO_HOME'
--- stdout
[]
--- stderr
loco: no logged answer matches

=== logs --cid shows one conversation; an unknown id is exit 4
$ sh -c '$LOCO query -q "solve 2+2" && $LOCO query -q --no-route "hello there" && cid=$($LOCO --json logs -n 0 | python3 -c "import json,sys; print(json.load(sys.stdin)[0][\"conversation\"])") && $LOCO logs --cid $cid -n 0 | grep -c "^# " && $LOCO logs --cid nope'
exit 4
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}, {"content": "hi"}]}
--- stdout
4
hi
1
--- stderr
loco: error: no logged conversation 'nope'

=== a partial answer is logged as partial, with why
$ sh -c '$LOCO query --no-route -q "count" ; $LOCO logs | sed -n 3p; $LOCO logs -r'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "one two three four", "fault": {"kind": "cut", "after": 2}}]}
--- stdout re
one two 
query \| base model \(no routing\) \| qwen3:4b \| \d+ tokens \| [\d.]+s \| partial: .+
one two 
--- stderr re
loco: error: .*

=== the database and its side files are private (0600) whatever the umask
$ sh -c 'umask 000 && $LOCO query -q hi && stat -c "%a %n" $LOCO_HOME/logs.db && python3 -c "import sqlite3,subprocess,sys,os; c = sqlite3.connect(sys.argv[1]); c.execute(\"select count(*) from responses\").fetchall(); subprocess.run(sys.argv[2:], check=True); print(sorted(\"%o %s\" % (os.stat(sys.argv[1] + s).st_mode & 0o777, s) for s in (\"-wal\", \"-shm\")))" $LOCO_HOME/logs.db $LOCO query -q hi'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "hello"}]}
--- stdout re
hello
600 .*/logs\.db
hello
\['600 -shm', '600 -wal'\]

=== a locked database only warns: the answer is printed and the exit code is 0
$ sh -c '$LOCO query -q hi && python3 -c "import sqlite3,subprocess,sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute(\"BEGIN EXCLUSIVE\"); sys.exit(subprocess.run(sys.argv[2:]).returncode)" $LOCO_HOME/logs.db $LOCO query -q "again"'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "hello"}]}
--- stdout
hello
hello
--- stderr re
loco: warning: the answer was not logged: .*/logs\.db: database is locked

=== a broken database only warns; loco logs names it (exit 5)
$ sh -c 'mkdir -p $LOCO_HOME && echo "not a database at all, just some text" > $LOCO_HOME/logs.db && $LOCO query -q hi; echo "exit $?"; $LOCO logs'
exit 5
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "hello"}]}
--- stdout
hello
exit 0
--- stderr re
loco: warning: the answer was not logged: .*/logs\.db: file is not a database
loco: error: .*/logs\.db: file is not a database

=== a log written by a newer loco is left alone: query warns, logs refuses
$ sh -c '$LOCO query -q hi && python3 -c "import sqlite3,sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"PRAGMA user_version=99\"); c.commit()" $LOCO_HOME/logs.db && $LOCO query -q hi; $LOCO logs'
exit 5
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "hello"}]}
--- stdout
hello
hello
--- stderr re
loco: warning: the answer was not logged: .*/logs\.db: written by a newer loco \(schema 99, this one knows 1\); upgrade loco
loco: error: .*/logs\.db: written by a newer loco \(schema 99, this one knows 1\); upgrade loco

=== logs --path prints where the log is
$ loco logs --path
--- stdout re
.*/home/\.locollm/logs\.db

=== a chat says once that its turns are not logged, not after every turn, and exits 0
$ sh -c 'printf "hi\n" | $LOCO chat -q && python3 -c "import sqlite3,subprocess,sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute(\"BEGIN EXCLUSIVE\"); sys.exit(subprocess.run(sys.argv[2:], input=b\"one\ntwo\n\").returncode)" $LOCO_HOME/logs.db $LOCO chat -q'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "hello"}]}
--- stdout
hello
hello
hello
--- stderr re
loco: warning: the answer was not logged: .*/logs\.db: database is locked

=== query --json with --no-log: the conversation is null, and nothing is written
$ sh -c '$LOCO --json query --no-log --no-route hi | python3 -c "import json,sys; print(json.load(sys.stdin)[\"conversation\"])" && ls $LOCO_HOME'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "hello"}]}
--- stdout
None
