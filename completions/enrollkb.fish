# SPDX-License-Identifier: MIT
# fish completion for enrollkb: options; article ids and error codes after
# --show/--checklist (codes after --search and for a QUERY); case names
# after --case; directories after --content/--only.  Ids, codes and cases
# come from the program (`enrollkb --complete ids|codes|cases`), given the
# pack options already on the line, so installed and --content packs are
# included.

# __enrollkb_words WHAT...: the program's word lists, one word per line.
function __enrollkb_words
    set -l tokens (commandline -opc)
    set -l n (count $tokens)
    set -l args
    set -l i 2
    while test $i -le $n
        switch $tokens[$i]
            case --content -C --only
                set i (math $i + 1)
                if test $i -le $n
                    set -a args $tokens[(math $i - 1)] (string replace -r '^~/' "$HOME/" -- $tokens[$i])
                end
            case '--content=*' '--only=*'
                set -a args (string replace -r '=~/' "=$HOME/" -- $tokens[$i])
            case --no-builtin
                set -a args $tokens[$i]
        end
        set i (math $i + 1)
    end
    for what in $argv
        command $tokens[1] $args --complete $what 2>/dev/null
    end
end

complete -c enrollkb -f
complete -c enrollkb -n 'not string match -q -- "-*" (commandline -ct)' -a '(__enrollkb_words codes)'
complete -c enrollkb -s l -l list -d 'List categories and their articles'
complete -c enrollkb -s s -l search -x -a '(__enrollkb_words codes)' -d 'Ranked matches for a query'
complete -c enrollkb -s S -l show -x -a '(__enrollkb_words ids codes)' -d 'Print an article'
complete -c enrollkb -l validate -d 'Report every problem in the content packs'
complete -c enrollkb -l packs -d 'List the loaded packs'
complete -c enrollkb -s k -l checklist -x -a '(__enrollkb_words ids codes)' -d "Print the article's checklist as Markdown"
complete -c enrollkb -l reset -d 'With --checklist: clear that checklist'
complete -c enrollkb -l export -d 'Print every article worked in the case'
complete -c enrollkb -l format -x -a 'markdown text' -d 'With --export: markdown or text'
complete -c enrollkb -l cases -d 'List checklist cases'
complete -c enrollkb -s c -l case -x -a '(__enrollkb_words cases)' -d 'Checklist case'
complete -c enrollkb -s C -l content -x -a '(__fish_complete_directories)' -d 'Also load the pack in DIR'
complete -c enrollkb -l only -x -a '(__fish_complete_directories)' -d 'Load the pack in DIR alone'
complete -c enrollkb -l no-builtin -d 'Do not load the built-in pack'
complete -c enrollkb -s w -l width -x -d 'Wrap --show output at N columns'
complete -c enrollkb -s h -l help -d 'Show the help and exit'
complete -c enrollkb -s V -l version -d 'Show the version and exit'
