; Python tokens, captured under Pygments' short class names so the Pygments
; stylesheets (light and dark) colour them.  An inner capture wins over the one
; around it; for the same text, the capture named first in this file wins.

(comment) @c1
(expression_statement . (string) @sd)
(string) @s2
(escape_sequence) @se
(interpolation) @n
(interpolation "{" @si "}" @si)
(integer) @mi
(float) @mf
[(none) (true) (false)] @kc

(function_definition name: (identifier) @nf)
(class_definition name: (identifier) @nc)
(decorator) @nd
(import_statement name: (dotted_name) @nn)
(import_statement name: (aliased_import name: (dotted_name) @nn))
(import_from_statement module_name: (dotted_name) @nn)
(import_from_statement module_name: (relative_import) @nn)

(raise_statement "raise" . (identifier) @ne)
(raise_statement "raise" . (call function: (identifier) @ne))
(except_clause (identifier) @ne)
(except_clause (as_pattern (identifier) @ne))
(except_clause (tuple (identifier) @ne))
((call function: (identifier) @nb)
 (#any-of? @nb "abs" "all" "any" "ascii" "bin" "bool" "breakpoint" "bytearray" "bytes" "callable" "chr"
  "classmethod" "compile" "complex" "delattr" "dict" "dir" "divmod" "enumerate" "eval" "exec" "filter"
  "float" "format" "frozenset" "getattr" "globals" "hasattr" "hash" "help" "hex" "id" "input" "int"
  "isinstance" "issubclass" "iter" "len" "list" "locals" "map" "max" "memoryview" "min" "next" "object"
  "oct" "open" "ord" "pow" "print" "property" "range" "repr" "reversed" "round" "set" "setattr" "slice"
  "sorted" "staticmethod" "str" "sum" "super" "tuple" "type" "vars" "zip" "__import__"))

(aliased_import "as" @kn)
["import" "from"] @kn
["and" "in" "is" "not" "or"] @ow
["-" "-=" "!=" "*" "**" "**=" "*=" "/" "//" "//=" "/=" "&" "&=" "%" "%=" "^" "^=" "+" "->" "+=" "<"
 "<<" "<<=" "<=" "<>" "=" ":=" "==" ">" ">=" ">>" ">>=" "|" "|=" "~" "@="] @o
["as" "assert" "async" "await" "break" "class" "continue" "def" "del" "elif" "else" "except" "exec"
 "finally" "for" "global" "if" "lambda" "nonlocal" "pass" "print" "raise" "return" "try" "while" "with"
 "yield" "match" "case" "type"] @k
