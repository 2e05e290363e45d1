; Shell tokens, captured under Pygments' short class names (see python.scm).

(comment) @c1
[(string) (raw_string) (ansi_c_string) (heredoc_body)] @s2
[(heredoc_start) (heredoc_end)] @dl
[(simple_expansion) (expansion)] @nv
(command_substitution) @n
(number) @m
(file_descriptor) @m
(function_definition name: (word) @nf)
(variable_assignment name: (variable_name) @nv)
((command_name (word) @nb)
 (#any-of? @nb "alias" "bg" "bind" "break" "builtin" "cd" "command" "continue" "declare" "dirs" "echo"
  "enable" "eval" "exec" "exit" "export" "fg" "getopts" "hash" "help" "history" "jobs" "kill" "let"
  "local" "logout" "popd" "printf" "pushd" "pwd" "read" "readonly" "return" "set" "shift" "source"
  "test" "times" "trap" "type" "typeset" "ulimit" "umask" "unalias" "unset" "wait"))
["case" "do" "done" "elif" "else" "esac" "export" "fi" "for" "function" "if" "in" "select" "then"
 "unset" "until" "while" "local" "declare" "readonly"] @k
["&&" "||" "|" ">" ">>" "<" "&>" ";;"] @o
