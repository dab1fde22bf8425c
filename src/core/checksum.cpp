#include "core/checksum.hpp"

#include <openssl/evp.h>

#include <new>

namespace pgshift::core {

namespace {

struct CtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

}  // namespace

struct Sha256::Ctx {
  std::unique_ptr<EVP_MD_CTX, CtxDeleter> md;
  std::string digest;  // set by hex_digest; later calls return it again
  bool finished = false;
};

Sha256::Sha256() : m_ctx(std::make_unique<Ctx>()) {
  m_ctx->md.reset(EVP_MD_CTX_new());
  // EVP_sha256 is built into libcrypto, so the only way these fail is running out of memory.
  if (!m_ctx->md || EVP_DigestInit_ex(m_ctx->md.get(), EVP_sha256(), nullptr) != 1) {
    throw std::bad_alloc();
  }
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  if (m_ctx->finished || bytes.empty()) {
    return;
  }
  if (EVP_DigestUpdate(m_ctx->md.get(), bytes.data(), bytes.size()) != 1) {
    throw std::bad_alloc();
  }
}

std::string Sha256::hex_digest() {
  if (m_ctx->finished) {
    return m_ctx->digest;
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(m_ctx->md.get(), out, &len) != 1) {
    throw std::bad_alloc();
  }
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(k_hex[out[i] >> 4]);
    hex.push_back(k_hex[out[i] & 0x0F]);
  }
  m_ctx->digest = hex;
  m_ctx->finished = true;
  return hex;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes);
  return h.hex_digest();
}

}  // namespace pgshift::core
