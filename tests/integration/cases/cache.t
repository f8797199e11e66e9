# The response cache: identical requests are answered from LOCO_HOME/cache
# when asked (--cache), keyed by model digest, messages, options, seed and
# sample index.

=== a second identical query is answered from the cache
$ sh -c '$LOCO query --cache --no-route "x" && $LOCO query --cache --no-route "x"'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "first answer"}, {"content": "second answer"}]}
--- stdout
first answer
first answer
--- stderr re
\[base model \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]
\[base model \| \d+ tokens \| cached\]
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/tags"}]

=== without --cache nothing is stored or read
$ sh -c '$LOCO query -q --no-route "x" && $LOCO query -q --cache --no-route "x"'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "first answer"}, {"content": "second answer"}]}
--- stdout
first answer
second answer

=== a different option is a different request
$ sh -c '$LOCO query -q --cache --no-route "x" && $LOCO query -q --cache --no-route --seed 3 "x"'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "first answer"}, {"content": "second answer"}]}
--- stdout
first answer
second answer

=== a failed answer is not cached
$ sh -c '$LOCO query -q --cache --no-route "x"; $LOCO query -q --cache --no-route "x"'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "a b", "fault": {"kind": "cut", "after": 1}}, {"content": "whole answer"}]}
--- stdout
a 
whole answer
--- stderr
loco: error: the server closed the connection before the answer was complete (the answer above is partial)

=== votes: a rerun sends only what is missing
$ sh -c '$LOCO query -q --cache --votes 3 --no-early-stop --seed 1 --no-route "x"; $LOCO query -q --cache --votes 3 --no-early-stop --seed 1 --no-route "x"'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [
  {"match": {"seed": 1}, "content": "The answer is 5"},
  {"match": {"seed": 2}, "fault": {"kind": "status", "status": 500, "error": "boom"}},
  {"match": {"seed": 3}, "content": "The answer is 5"}]}
--- stdout
The answer is 5
The answer is 5
--- stderr
loco: warning: sample 2 of 3 failed: boom
loco: warning: sample 2 of 3 failed: boom
--- requests any-order
[{"path": "/api/tags"}, {"path": "/api/chat", "body": {"options": {"seed": 1}}},
 {"path": "/api/chat", "body": {"options": {"seed": 2}}}, {"path": "/api/chat", "body": {"options": {"seed": 3}}},
 {"path": "/api/tags"}, {"path": "/api/chat", "body": {"options": {"seed": 2}}}]

=== cached answers are private: 0600 files in 0700 folders
$ sh -c '$LOCO query -q --cache --no-route "x" > /dev/null && cd $LOCO_HOME && stat -c "%a %n" cache cache/chat cache/chat/* cache/chat/*/* | sed "s/[0-9a-f]\{64\}/KEY/; s/chat\/[0-9a-f][0-9a-f]/chat\/XX/g"'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "first answer"}]}
--- stdout
700 cache
700 cache/chat
700 cache/chat/XX
600 cache/chat/XX/KEY.json
