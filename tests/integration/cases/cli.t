# The dispatcher: usage, help, versions, typos, prefixes, exit codes.

=== no command prints usage on stderr and exits 2
$ loco
exit 2
--- stderr re
usage: loco \[global options\] <command> \[args\].*commands:.*  route .*

=== --help prints the overview on stdout
$ loco --help
--- stdout re
usage: loco \[global options\] <command> \[args\].*global options:.*--no-config.*

=== -V and version print the version
$ loco -V
--- stdout
loco 0.1.0

=== version
$ loco version
--- stdout
loco 0.1.0

=== a typo gets a suggestion and exit 2
$ loco ruote "solve 2+2"
exit 2
--- stderr
loco: error: unknown command 'ruote', did you mean 'route'?

=== a far-off command gets a pointer to help
$ loco frobnicate
exit 2
--- stderr
loco: error: unknown command 'frobnicate'; see 'loco --help'

=== a unique prefix runs the command
$ loco que --help
--- stdout re
usage: loco query .*

=== an exact name wins over a prefix: route is not router's prefix
$ loco route "solve 2+2"
--- stdout
math

=== a prefix of two commands is ambiguous
$ loco rou "solve 2+2"
exit 2
--- stderr
loco: error: ambiguous command 'rou': could be route, router

=== prefixes work for subcommands too
$ loco ad l --names
--- stdout
math
code
analysis

=== unknown option with a suggestion
$ loco route --explian "solve 2+2"
exit 2
--- stderr
loco: error: unknown option '--explian' for 'route'; did you mean '--explain'?

=== unknown short option
$ loco route -z x
exit 2
--- stderr
loco: error: unknown option '-z' for 'route'; see 'loco route --help'

=== unknown global option before the command
$ loco --jsno route x
exit 2
--- stderr
loco: error: unknown option '--jsno'; did you mean '--json'?

=== an option that needs a value
$ loco route x --registry
exit 2
--- stderr
loco: error: option '--registry' needs a value (PATH)

=== a flag given a value
$ loco route --explain=yes x
exit 2
--- stderr
loco: error: option '--explain' takes no value

=== bad --color value
$ loco --color sometimes route x
exit 2
--- stderr
loco: error: --color must be auto, always or never, not 'sometimes'

=== help COMMAND equals COMMAND --help
$ loco help route
--- stdout re
usage: loco route \[--explain\] \[--json\] \[--router-kind KIND\] QUERY\.\.\..*options:.*--explain.*--json.*global options.*

=== COMMAND --help
$ loco route --help
--- stdout re
usage: loco route \[--explain\] \[--json\] \[--router-kind KIND\] QUERY\.\.\..*

=== help for a subcommand
$ loco help adapters show
--- stdout re
usage: loco adapters show \[--json\] NAME.*

=== subcommand --help
$ loco config set --help
--- stdout re
usage: loco config set KEY VALUE.*atomically.*

=== help with a typo
$ loco help rotue
exit 2
--- stderr
loco: error: unknown command 'rotue', did you mean 'route'?

=== a group without a subcommand and no default prints its usage
$ loco config
exit 2
--- stderr re
usage: loco config list\|get\|set\|unset\|path \[args\].*commands:.*  list .*

=== a subcommand typo
$ loco config lsit
exit 2
--- stderr
loco: error: unknown command 'config lsit', did you mean 'config list'?

=== too many arguments
$ loco adapters show math code
exit 2
--- stderr
loco: error: 'adapters show' takes fewer arguments
hint: usage: loco adapters show [--json] NAME

=== too few arguments
$ loco config set eval.jobs
exit 2
--- stderr
loco: error: 'config set' takes more arguments
hint: usage: loco config set KEY VALUE

=== -- ends options
$ loco route -- --json
--- stdout
base model

=== version -v loads and names the network libraries
$ loco version -v
--- stdout re
loco 0\.1\.0
cJSON [0-9.]+, libyaml [0-9.]+, PCRE2 [0-9.]+ .*
libcurl [0-9.]+ \(loaded on demand\)
OpenSSL [0-9.]+.* \(loaded on demand\)
server: no server at http://127.0.0.1:9 \(connection refused\)

=== version -v names the server that answers
$ loco version -v
--- server
{"version": "0.33.0"}
--- stdout re
loco 0\.1\.0
.*
server: Ollama 0\.33\.0 at http://127\.0\.0\.1:\d+
--- requests
[{"method": "HEAD", "path": "/"}, {"method": "GET", "path": "/api/version"}]

=== version --json
$ loco version --json
--- stdout re
\{"loco":"0\.1\.0","cjson":"[0-9.]+","libyaml":"[0-9.]+","pcre2":"[^"]+","libcurl":"[0-9.]+","openssl":"OpenSSL [^"]+","server":"no server at http://127.0.0.1:9 \(connection refused\)"\}

=== a write error on stdout is reported, not silent
$ loco adapters list
stdout /dev/full
exit 1
--- stderr
loco: error: cannot write to standard output: No space left on device

=== a closed pipe is reported and does not kill loco with SIGPIPE
$ loco adapters list
stdout closed
exit 1
--- stderr
loco: error: cannot write to standard output: Broken pipe

=== help has no JSON form: --json is refused, not ignored
$ loco help --json query
exit 2
--- stderr
loco: error: help is text; it has no --json form
hint: 'loco COMMAND --json' prints JSON where a command has it
