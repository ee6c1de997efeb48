; Names declared below the package level (GoFile.local_names): anything that can
; shadow an import name inside a function.
(parameter_declaration name: (identifier) @name)
(variadic_parameter_declaration name: (identifier) @name)
(short_var_declaration left: (expression_list (identifier) @name))
(var_spec name: (identifier) @name)
(const_spec name: (identifier) @name)
(range_clause left: (expression_list (identifier) @name))
(receive_statement left: (expression_list (identifier) @name))
(type_switch_statement alias: (expression_list (identifier) @name))
