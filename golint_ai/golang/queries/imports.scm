(import_spec
  name: (_)? @name
  path: (interpreted_string_literal (interpreted_string_literal_content) @path)) @spec
