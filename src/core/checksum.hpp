// SHA-256 (OpenSSL EVP) as lowercase hex. The only code that includes OpenSSL.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace pgshift::core {

// Incremental SHA-256; owns its EVP_MD_CTX.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  // 64 lowercase hex digits. The object must not be updated afterwards.
  std::string hex_digest();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> m_ctx;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace pgshift::core
