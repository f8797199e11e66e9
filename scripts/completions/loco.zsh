#compdef loco
# zsh completion for loco.
#
# Commands, subcommands and options (with their help text) are read from the
# help of the loco being completed ('loco --help', 'loco CMD [SUB] --help'),
# so they always match the binary, commands merged later included. Adapter
# names come from 'loco adapters list --names' and config keys from
# 'loco config list', for the registry and config the command line names.
# None of this touches the network. The ids 'loco chat --resume' takes are
# the saved sessions' file names.
#
# Installed as share/zsh/vendor-completions/_loco; for a checkout, put
# scripts/completions in $fpath under the name _loco, or
# 'source scripts/completions/loco.zsh' after compinit.

# _loco_section SECTION ARGS...: the lines of one section ("commands:",
# "options:", "global options:") of 'loco ARGS --help'.
_loco_section() {
  local section=$1
  shift
  $_loco_bin "$@" --help 2>/dev/null | awk -v s="$section" '
    $0 == s { on = 1; next }
    on && /^[ \t]*$/ { exit }
    on { print }'
}

# "name:summary" for each command of 'loco ARGS --help'.
_loco_command_specs() {
  _loco_section "commands:" "$@" | awk '{
    n = $1; $1 = ""; sub(/^ +/, ""); gsub(/:/, "\\:"); print n ":" $0 }'
}

# "name<TAB>ARG<TAB>help" for each option of 'loco ARGS --help' and the
# global options; ARG is "-" for a flag.
_loco_option_table() {
  { _loco_section "options:" "$@"; _loco_section "global options:" } | awk '{
    s = ""; l = ""; arg = "-"; i = 0
    if ($1 ~ /^-[^-],$/) { s = substr($1, 1, 2); l = $2; i = 3 }
    else if ($1 ~ /^--/) { l = $1; i = 2 }
    else next
    if ($i ~ /^[A-Z]+$/) { arg = $i; i++ }
    h = ""
    for (k = i; k <= NF; k++) h = h (h == "" ? "" : " ") $k
    print l "\t" arg "\t" h
    if (s != "") print s "\t" arg "\t" h }'
}

# The full name from a list, given a unique prefix of it.
_loco_resolve() {
  local typed=$1 c hit= n=0
  shift
  for c in "$@"; do
    [[ $c == $typed ]] && { print -r -- $c; return }
    [[ $c == ${typed}* ]] && { hit=$c; (( n++ )) }
  done
  (( n == 1 )) && print -r -- $hit
}

_loco_adapters() {
  $_loco_bin "${_loco_pass[@]}" adapters list --names 2>/dev/null
}

# Saved chat ids: the names of $LOCO_HOME/sessions/*.json.
_loco_sessions() {
  local -a ids
  ids=(${LOCO_HOME:-$HOME/.locollm}/sessions/*.json(N-.:t:r))
  (( $#ids )) && compadd -a ids
}

_loco_config_keys() {
  $_loco_bin "${_loco_pass[@]}" config list 2>/dev/null | sed -n 's/ = .*//p'
}

# Completes the value of option $1 whose placeholder is $2.
_loco_option_value() {
  local -a values
  case $1 in
    --color) values=(auto always never) ;;
    --adapter|-a) values=(${(f)"$(_loco_adapters)"}); [[ $cmd == chat ]] && values+=(auto none) ;;
    --vote-method) values=(majority best_of_n) ;;
    --type) values=(system-prompt merged-gguf lora) ;;
    --eval-type) values=(numeric exact_match analysis contains code code_execution rouge f1 llm_judge custom) ;;
    *) [[ $2 == FILE || $2 == PATH ]] && { _files; return } ;;
  esac
  (( $#values )) && compadd -a values
}

# Completes the value of config set KEY.
_loco_config_value() {
  local -a values
  case $1 in
    backend.kind|bench.reference.kind) values=(ollama openai) ;;
    inference.vote_method) values=(majority best_of_n) ;;
    inference.temperature|eval.judge_model|registry|index_url|backend.base_url) values=(null) ;;
    *)
      local v=$($_loco_bin "${_loco_pass[@]}" config get "$1" 2>/dev/null)
      [[ $v == true || $v == false ]] && values=(true false)
      ;;
  esac
  (( $#values )) && compadd -a values
}

_loco() {
  local _loco_bin=${words[1]}
  local -a _loco_pass commands subs pos table
  local cmd= sub= w i
  commands=(${(f)"$(_loco_section 'commands:' | awk '{ print $1 }')"})

  # What has been typed so far: the command, its subcommand, positionals.
  for (( i = 2; i < CURRENT; i++ )); do
    w=${words[i]}
    case $w in
      --registry|--config) _loco_pass+=($w ${words[i+1]}); (( i++ )); continue ;;
      --registry=*|--config=*|--no-config) _loco_pass+=($w); continue ;;
      -?*)
        if [[ $w != *=* ]] && _loco_option_table ${cmd:+$cmd} ${sub:+$sub} |
            awk -F '\t' -v o="$w" '$1 == o && $2 != "-" { f = 1 } END { exit !f }'; then
          (( i++ ))
        fi
        continue
        ;;
    esac
    if [[ -z $cmd ]]; then
      cmd=$(_loco_resolve $w $commands)
      [[ -z $cmd ]] && return 1
      subs=(${(f)"$(_loco_section 'commands:' $cmd | awk '{ print $1 }')"})
    elif (( $#subs )) && [[ -z $sub ]]; then
      sub=$(_loco_resolve $w $subs)
      [[ -z $sub ]] && return 1
    else
      pos+=($w)
    fi
  done

  table=(${(f)"$(_loco_option_table ${cmd:+$cmd} ${sub:+$sub})"})

  # The value of an option: --opt=VALUE or --opt VALUE.
  local optword= arg= line
  if [[ $PREFIX == -*=* ]]; then
    optword=${PREFIX%%=*}
    compset -P '*='
  elif [[ ${words[CURRENT-1]} == -* ]]; then
    optword=${words[CURRENT-1]}
  fi
  # chat --resume [ID]: the value is optional, so an option may come instead.
  if [[ $cmd == chat && ($optword == --resume || $optword == -r) && $PREFIX != -* ]]; then
    _loco_sessions
    return
  fi
  if [[ -n $optword ]]; then
    for line in $table; do
      [[ ${line%%$'\t'*} == $optword ]] && arg=${${line#*$'\t'}%%$'\t'*}
    done
    if [[ -n $arg && $arg != - ]]; then
      _loco_option_value $optword $arg
      return
    fi
  fi

  if [[ $PREFIX == -* ]]; then
    local -a specs
    for line in $table; do
      specs+=("${${line%%$'\t'*}//:/\\:}:${line##*$'\t'}")
    done
    _describe -t options 'option' specs
    return
  fi
  if [[ -z $cmd ]]; then
    local -a specs
    specs=(${(f)"$(_loco_command_specs)"})
    _describe -t commands 'loco command' specs
    return
  fi
  if (( $#subs )) && [[ -z $sub ]]; then
    local -a specs
    specs=(${(f)"$(_loco_command_specs $cmd)"})
    _describe -t commands "loco $cmd command" specs
    return
  fi
  local -a values
  case "$cmd${sub:+ $sub}:$#pos" in
    help:0) compadd -a commands ;;
    help:1)
      values=(${(f)"$(_loco_section 'commands:' $(_loco_resolve ${pos[1]} $commands) | awk '{ print $1 }')"})
      (( $#values )) && compadd -a values
      ;;
    eval:0|promote:0|"adapters show:0"|"adapters install:"*|"adapters update:"*|"adapters remove:"*|"adapters check:"*)
      values=(${(f)"$(_loco_adapters)"})
      (( $#values )) && compadd -a values
      ;;
    "config get:0"|"config set:0")
      values=(${(f)"$(_loco_config_keys)"})
      (( $#values )) && compadd -a values
      ;;
    "config set:1") _loco_config_value ${pos[1]} ;;
  esac
}

if [[ $zsh_eval_context[-1] == loadautoload ]]; then
  _loco "$@"
else
  compdef _loco loco
fi
