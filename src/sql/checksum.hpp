// Checksums of migration sections (docs/design.md §2).
//
// normalized: SHA-256 over the file-level directives' canonical text and the PostgreSQL
//   scanner's token stream. Whitespace, comments and line endings do not count; keywords and
//   unquoted identifiers compare case-insensitively (PostgreSQL folds them); quoted
//   identifiers, literals and operators count exactly.
// exact: SHA-256 of the section's bytes.
#pragma once

#include <string>
#include <string_view>

#include "core/discovery.hpp"
#include "pgshift/cancel.hpp"
#include "pgshift/options.hpp"
#include "pgshift/status.hpp"

namespace pgshift::sql {

// The canonical token text hashed by normalized mode (exposed for tests and debugging).
Result<std::string> normalized_tokens(std::string_view sql);

// Checksum of a section's SQL text in the given mode (directives included in both modes).
// Interrupted when `cancel` is requested (checked every 64 kB of a normalized checksum).
Result<std::string> section_checksum(const core::Section& section, ChecksumMode mode,
                                     const CancelToken* cancel = nullptr);

// Normalized checksum of one statement's text.
Result<std::string> statement_checksum(std::string_view statement);

}  // namespace pgshift::sql
