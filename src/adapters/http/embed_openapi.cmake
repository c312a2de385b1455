# Writes OUTPUT, a C++ file defining chat::http::openApiDocument() from the JSON at INPUT.
file(READ ${INPUT} document)
file(WRITE ${OUTPUT}
"#include <string_view>\nnamespace chat::http {\nstd::string_view openApiDocument() {\n"
"  static constexpr std::string_view kDocument = R\"OPENAPI(${document})OPENAPI\";\n"
"  return kDocument;\n}\n}  // namespace chat::http\n")
