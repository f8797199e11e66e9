# bash completion for loco.
#
# Commands, subcommands and options are read from the help of the loco being
# completed ('loco --help', 'loco CMD [SUB] --help'), so they always match the
# binary, commands merged later included. Adapter names come from
# 'loco adapters list --names' and config keys from 'loco config list', both
# for the registry and config the command line names (--registry, --config,
# --no-config). Each of these runs loco once; none of them touches the network.
# The ids 'loco chat --resume' takes are the saved sessions' file names.
#
# Installed as share/bash-completion/completions/loco; for a checkout,
# 'source scripts/completions/loco.bash'.

# _loco_help_lines SECTION ARGS...: the lines of one section ("commands:",
# "options:", "global options:") of 'loco ARGS --help', up to the blank line.
_loco_help_lines()
{
    local section=$1
    shift
    "$_loco_bin" "$@" --help 2>/dev/null | awk -v s="$section" '
        $0 == s { on = 1; next }
        on && /^[ \t]*$/ { exit }
        on { print }'
}

# _loco_words ARGS...: the command names of the "commands:" section.
_loco_commands()
{
    _loco_help_lines "commands:" "$@" | awk '{ print $1 }'
}

# _loco_options ARGS...: "NAME ARG" per option of 'loco ARGS --help' and the
# global options: NAME is --long (and -s on its own line), ARG the value
# placeholder or "-" for a flag.
_loco_options()
{
    { _loco_help_lines "options:" "$@"; _loco_help_lines "global options:"; } | awk '{
        s = ""; l = ""; arg = "-"
        if ($1 ~ /^-[^-],$/) { s = substr($1, 1, 2); l = $2; if ($3 ~ /^[A-Z]+$/) arg = $3 }
        else if ($1 ~ /^--/) { l = $1; if ($2 ~ /^[A-Z]+$/) arg = $2 }
        if (l != "") print l, arg
        if (s != "") print s, arg
    }' | sort -u -k1,1
}

_loco_adapters()
{
    "$_loco_bin" "${_loco_pass[@]}" adapters list --names 2>/dev/null
}

# Saved chat ids: the names of $LOCO_HOME/sessions/*.json (no need to run loco).
_loco_sessions()
{
    local f
    for f in "${LOCO_HOME:-$HOME/.locollm}"/sessions/*.json; do
        [[ -f $f ]] || continue
        f=${f##*/}
        echo "${f%.json}"
    done
}

_loco_config_keys()
{
    "$_loco_bin" "${_loco_pass[@]}" config list 2>/dev/null | sed -n 's/ = .*//p'
}

# The values a known option takes; "files" for a path; nothing for free text.
_loco_option_values()
{
    case $1 in
    --color) echo "auto always never" ;;
    --adapter | -a) echo "$(_loco_adapters) ${_loco_cmd_adapter_extra}" ;;
    --vote-method) echo "majority best_of_n" ;;
    --type) echo "system-prompt merged-gguf lora" ;;
    --eval-type) echo "numeric exact_match analysis contains code code_execution rouge f1 llm_judge custom" ;;
    --registry | --config | --dataset | -d | --log | --markdown | --html) echo "files" ;;
    --cells) echo "base base+re2 oracle+re2 routed+re2 routed+re2+votes5 reference" ;;
    esac
}

# A value for config set KEY: the choices of booleans and enums.
_loco_config_values()
{
    case $1 in
    backend.kind | bench.reference.kind) echo "ollama openai" ;;
    inference.vote_method) echo "majority best_of_n" ;;
    inference.temperature | eval.judge_model | registry | index_url | backend.base_url) echo "null" ;;
    *)
        local v
        v=$("$_loco_bin" "${_loco_pass[@]}" config get "$1" 2>/dev/null)
        [[ $v == true || $v == false ]] && echo "true false"
        ;;
    esac
}

# The full name of a command from a list, given a unique prefix of it.
_loco_resolve()
{
    local typed=$1 c hit="" n=0
    shift
    for c in "$@"; do
        [[ $c == "$typed" ]] && { echo "$c"; return; }
        [[ $c == "$typed"* ]] && { hit=$c; ((n++)); }
    done
    ((n == 1)) && echo "$hit"
}

_loco_reply()
{
    local IFS=$'\n'
    if [[ $1 == files ]]; then
        COMPREPLY=($(compgen -f -- "$2"))
        compopt -o filenames 2>/dev/null
    else
        IFS=$' \t\n'
        COMPREPLY=($(compgen -W "$1" -- "$2"))
    fi
}

_loco()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev="" optword=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local _loco_bin=${COMP_WORDS[0]}
    [[ $_loco_bin == "~/"* ]] && _loco_bin=$HOME/${_loco_bin#"~/"}
    local -a _loco_pass=()
    local _loco_cmd_adapter_extra=""

    # --opt=VALUE: bash splits the '=' into a word of its own.
    if [[ $cur == "=" ]]; then
        optword=$prev
        cur=""
    elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
        optword=${COMP_WORDS[COMP_CWORD - 2]}
    fi

    # What has been typed so far: the command, its subcommand, positionals.
    local -a commands subs=() pos=()
    mapfile -t commands < <(_loco_commands)
    local cmd="" sub="" w i
    local -a optinfo
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        [[ $w == "=" ]] && { ((i++)); continue; }
        if [[ $w == --registry || $w == --config ]]; then
            _loco_pass+=("$w" "${COMP_WORDS[i + 1]}")
            ((i++))
            continue
        fi
        if [[ $w == --no-config ]]; then
            _loco_pass+=("$w")
            continue
        fi
        if [[ $w == -* && $w != - ]]; then
            # Skip the value of an option that takes one.
            if [[ ${COMP_WORDS[i + 1]} != "=" ]] &&
                _loco_options ${cmd:+"$cmd"} ${sub:+"$sub"} | grep -q -- "^$w [^-]"; then
                ((i++))
            fi
            continue
        fi
        if [[ -z $cmd ]]; then
            cmd=$(_loco_resolve "$w" "${commands[@]}")
            [[ -z $cmd ]] && return 0
            mapfile -t subs < <(_loco_commands "$cmd")
        elif ((${#subs[@]})) && [[ -z $sub ]]; then
            sub=$(_loco_resolve "$w" "${subs[@]}")
            [[ -z $sub ]] && return 0
        else
            pos+=("$w")
        fi
    done
    [[ $cmd == chat ]] && _loco_cmd_adapter_extra="auto none"

    # The value of an option.
    [[ -z $optword && $prev == -* ]] && optword=$prev
    # chat --resume [ID]: the value is optional, so an option may come instead.
    if [[ $cmd == chat && ($optword == --resume || $optword == -r) && $cur != -* ]]; then
        _loco_reply "$(_loco_sessions | tr '\n' ' ')" "$cur"
        return 0
    fi
    if [[ -n $optword ]]; then
        local arg
        arg=$(_loco_options ${cmd:+"$cmd"} ${sub:+"$sub"} | awk -v o="$optword" '$1 == o { print $2 }')
        if [[ -n $arg && $arg != - ]]; then
            local values
            values=$(_loco_option_values "$optword")
            [[ -z $values && ($arg == FILE || $arg == PATH) ]] && values=files
            _loco_reply "$values" "$cur"
            return 0
        fi
    fi

    if [[ $cur == -* ]]; then
        _loco_reply "$(_loco_options ${cmd:+"$cmd"} ${sub:+"$sub"} | awk '{ print $1 }')" "$cur"
        return 0
    fi
    if [[ -z $cmd ]]; then
        _loco_reply "${commands[*]}" "$cur"
        return 0
    fi
    if ((${#subs[@]})) && [[ -z $sub ]]; then
        _loco_reply "${subs[*]}" "$cur"
        return 0
    fi
    case "$cmd${sub:+ $sub}:${#pos[@]}" in
    help:0) _loco_reply "${commands[*]}" "$cur" ;;
    help:1) _loco_reply "$(_loco_commands "$(_loco_resolve "${pos[0]}" "${commands[@]}")" | tr '\n' ' ')" "$cur" ;;
    eval:0 | promote:0 | "adapters show:0" | "adapters install:"* | "adapters update:"* | \
        "adapters remove:"* | "adapters check:"*)
        _loco_reply "$(_loco_adapters | tr '\n' ' ')" "$cur" ;;
    "config get:0" | "config set:0") _loco_reply "$(_loco_config_keys | tr '\n' ' ')" "$cur" ;;
    "config set:1") _loco_reply "$(_loco_config_values "${pos[0]}")" "$cur" ;;
    esac
    return 0
}

complete -F _loco loco
