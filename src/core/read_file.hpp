// Reading a whole file into memory with a size limit. Every file pgshift reads whole (migration
// files, pgshift.toml) goes through here, so that neither a huge file nor an endless one
// (/dev/zero, a FIFO) can use up the machine's memory before anything is checked.
#pragma once

#include <cstddef>
#include <string>

#include "pgshift/status.hpp"

namespace pgshift::core {

// The largest migration file (.sql or .toml) pgshift reads: parsing needs a few times its
// size in memory (docs/reliability.md), so a seed-data file of this size still fits.
inline constexpr std::size_t k_max_migration_file_bytes = std::size_t{64} << 20;
// The largest pgshift.toml: a real one is a few kilobytes.
inline constexpr std::size_t k_max_config_file_bytes = std::size_t{1} << 20;

// "64 MiB", "1 MiB", "512 KiB", "100 bytes".
std::string size_limit_text(std::size_t bytes);

// Reads the whole file at `path`. A regular file larger than `max_bytes` is refused before it
// is read; anything else (a device, a pipe) is read up to `max_bytes` and refused when more
// follows. Errors (invalid_input, without the path: callers say which file it is):
// "cannot read file: <reason>", "file is larger than <limit>".
Result<std::string> read_file_limited(const std::string& path, std::size_t max_bytes);

}  // namespace pgshift::core
