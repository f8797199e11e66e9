# fish completion for loco.
#
# Commands, subcommands and options (with their help text) are read from the
# help of the loco being completed ('loco --help', 'loco CMD [SUB] --help'),
# so they always match the binary, commands merged later included. Adapter
# names come from 'loco adapters list --names' and config keys from
# 'loco config list', for the registry and config the command line names.
# None of this touches the network. The ids 'loco chat --resume' takes are
# the saved sessions' file names.
#
# Installed as share/fish/vendor_completions.d/loco.fish; for a checkout,
# 'source scripts/completions/loco.fish'.

# The lines of one section ("commands:", "options:", "global options:") of
# 'BIN ARGS --help'.
function __loco_section -a bin section
    $bin $argv[3..-1] --help 2>/dev/null | awk -v s="$section" '
        $0 == s { on = 1; next }
        on && /^[ \t]*$/ { exit }
        on { print }'
end

# "name<TAB>summary" for each command.
function __loco_commands -a bin
    __loco_section $bin "commands:" $argv[2..-1] | awk '{ n = $1; $1 = ""; sub(/^ +/, ""); print n "\t" $0 }'
end

# "name<TAB>ARG<TAB>help" for each option and global option; ARG "-" for a flag.
function __loco_options -a bin
    begin
        __loco_section $bin "options:" $argv[2..-1]
        __loco_section $bin "global options:"
    end | awk '{
        s = ""; l = ""; arg = "-"; i = 0
        if ($1 ~ /^-[^-],$/) { s = substr($1, 1, 2); l = $2; i = 3 }
        else if ($1 ~ /^--/) { l = $1; i = 2 }
        else next
        if ($i ~ /^[A-Z]+$/) { arg = $i; i++ }
        h = ""
        for (k = i; k <= NF; k++) h = h (h == "" ? "" : " ") $k
        print l "\t" arg "\t" h
        if (s != "") print s "\t" arg "\t" h }'
end

# The full name from a list, given a unique prefix of it.
function __loco_resolve -a typed
    set -l hits
    for c in $argv[2..-1]
        if test "$c" = "$typed"
            echo $c
            return
        end
        if string match -q -- "$typed*" $c
            set -a hits $c
        end
    end
    test (count $hits) -eq 1; and echo $hits[1]
end

# Every candidate for the token under the cursor.
function __loco_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l bin $tokens[1]
    set -l pass
    set -l cmd
    set -l sub
    set -l pos
    set -l commands (__loco_commands $bin | string replace -r '\t.*' '')
    set -l subs
    set -l i 2
    while test $i -le (count $tokens)
        set -l w $tokens[$i]
        set i (math $i + 1)
        switch $w
            case --registry --config
                set -a pass $w $tokens[$i]
                set i (math $i + 1)
                continue
            case '--registry=*' '--config=*' --no-config
                set -a pass $w
                continue
            case '-?*'
                if not string match -q -- '*=*' $w
                    if __loco_options $bin $cmd $sub | string match -q -r -- "^$w\t[^-]"
                        set i (math $i + 1)
                    end
                end
                continue
        end
        if test -z "$cmd"
            set cmd (__loco_resolve $w $commands)
            test -z "$cmd"; and return
            set subs (__loco_commands $bin $cmd | string replace -r '\t.*' '')
        else if test (count $subs) -gt 0; and test -z "$sub"
            set sub (__loco_resolve $w $subs)
            test -z "$sub"; and return
        else
            set -a pos $w
        end
    end

    # The value of an option: --opt=VALUE or --opt VALUE.
    set -l optword
    set -l prefix
    if string match -q -r -- '^-.*=' $cur
        set optword (string replace -r '=.*' '' -- $cur)
        set prefix "$optword="
    else if test (count $tokens) -ge 2; and string match -q -- '-*' $tokens[-1]
        set optword $tokens[-1]
    end
    # chat --resume [ID]: the value is optional, so an option may come instead.
    if test "$cmd" = chat; and contains -- "$optword" --resume -r
        and not string match -q -- '-*' (string replace -- "$prefix" '' "$cur")
        set -l home $HOME/.locollm
        test -n "$LOCO_HOME"; and set home $LOCO_HOME
        for f in $home/sessions/*.json
            test -f $f; and echo "$prefix"(string replace -r '^.*/(.*)\.json$' '$1' -- $f)
        end
        return
    end
    if test -n "$optword"
        set -l arg (__loco_options $bin $cmd $sub | awk -F '\t' -v o="$optword" '$1 == o { print $2; exit }')
        if test -n "$arg"; and test "$arg" != -
            set -l values
            switch $optword
                case --color
                    set values auto always never
                case --adapter -a
                    set values ($bin $pass adapters list --names 2>/dev/null)
                    test "$cmd" = chat; and set -a values auto none
                case --vote-method
                    set values majority best_of_n
                case --type
                    set values system-prompt merged-gguf lora
                case --eval-type
                    set values numeric exact_match analysis contains code code_execution rouge f1 llm_judge custom
                case '*'
                    if test "$arg" = FILE; or test "$arg" = PATH
                        __fish_complete_path (string replace -- "$prefix" '' $cur) | string replace -r '^' -- "$prefix"
                        return
                    end
            end
            for v in $values
                echo "$prefix$v"
            end
            return
        end
    end

    if string match -q -- '-*' $cur
        __loco_options $bin $cmd $sub | awk -F '\t' '{ print $1 "\t" $3 }'
        return
    end
    if test -z "$cmd"
        __loco_commands $bin
        return
    end
    if test (count $subs) -gt 0; and test -z "$sub"
        __loco_commands $bin $cmd
        return
    end
    set -l where "$cmd"
    test -n "$sub"; and set where "$cmd $sub"
    set -l npos (count $pos)
    switch "$where:$npos"
        case help:0
            __loco_commands $bin
        case help:1
            __loco_commands $bin (__loco_resolve $pos[1] $commands)
        case eval:0 promote:0 'adapters show:0' 'adapters install:*' 'adapters update:*' 'adapters remove:*' 'adapters check:*'
            $bin $pass adapters list --names 2>/dev/null
        case 'config get:0' 'config set:0'
            $bin $pass config list 2>/dev/null | string replace -r -f ' = .*' ''
        case 'config set:1'
            switch $pos[1]
                case backend.kind bench.reference.kind
                    printf '%s\n' ollama openai
                case inference.vote_method
                    printf '%s\n' majority best_of_n
                case inference.temperature eval.judge_model registry index_url backend.base_url
                    echo null
                case '*'
                    set -l v ($bin $pass config get $pos[1] 2>/dev/null)
                    if test "$v" = true; or test "$v" = false
                        printf '%s\n' true false
                    end
            end
    end
end

complete -c loco -f -a '(__loco_complete)'
