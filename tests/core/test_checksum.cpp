#include <doctest/doctest.h>

#include "core/checksum.hpp"

using namespace pgshift::core;

TEST_CASE("core::sha256_hex") {
  SUBCASE("matches the FIPS 180-2 test vectors") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }
  SUBCASE("hashes bytes, including NUL") {
    CHECK(sha256_hex(std::string("a\0b", 3)) != sha256_hex("ab"));
  }
}

TEST_CASE("core::Sha256") {
  SUBCASE("incremental updates equal one update of the concatenation") {
    Sha256 h;
    h.update("ab");
    h.update("");
    h.update("c");
    CHECK(h.hex_digest() == sha256_hex("abc"));
  }
  SUBCASE("the digest is 64 lowercase hex digits and asking twice gives the same") {
    Sha256 h;
    h.update("pgshift");
    std::string d = h.hex_digest();
    CHECK(d.size() == 64);
    CHECK(d.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(h.hex_digest() == d);
  }
}
