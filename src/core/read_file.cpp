#include "core/read_file.hpp"

#include <sys/stat.h>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace pgshift::core {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

Status too_large(std::size_t max_bytes) {
  return Status::error(Code::invalid_input, "file is larger than " + size_limit_text(max_bytes));
}

Status cannot_read(int error) {
  return Status::error(Code::invalid_input,
                       "cannot read file: " + std::string(std::strerror(error)));
}

}  // namespace

std::string size_limit_text(std::size_t bytes) {
  constexpr std::size_t k_kib = 1024;
  constexpr std::size_t k_mib = k_kib * 1024;
  if (bytes >= k_mib && bytes % k_mib == 0) {
    return std::to_string(bytes / k_mib) + " MiB";
  }
  if (bytes >= k_kib && bytes % k_kib == 0) {
    return std::to_string(bytes / k_kib) + " KiB";
  }
  return std::to_string(bytes) + " bytes";
}

Result<std::string> read_file_limited(const std::string& path, std::size_t max_bytes) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return cannot_read(errno);
  }
  struct stat st {};
  const bool regular = fstat(fileno(file.get()), &st) == 0 && S_ISREG(st.st_mode);
  if (regular && static_cast<std::size_t>(st.st_size) > max_bytes) {
    return too_large(max_bytes);
  }
  std::string text;
  if (regular) {
    text.reserve(static_cast<std::size_t>(st.st_size));
  }
  // One byte more than allowed tells "exactly at the limit" from "over it" for a file whose
  // size is unknown in advance (or that grew since fstat).
  char buf[1 << 16];
  while (text.size() <= max_bytes) {
    const std::size_t want = std::min(sizeof buf, max_bytes + 1 - text.size());
    const std::size_t got = std::fread(buf, 1, want, file.get());
    text.append(buf, got);
    if (got < want) {
      if (std::ferror(file.get()) != 0) {
        return cannot_read(errno);
      }
      break;  // end of file
    }
  }
  if (text.size() > max_bytes) {
    return too_large(max_bytes);
  }
  return text;
}

}  // namespace pgshift::core
