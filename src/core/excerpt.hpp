// Excerpts: user text quoted in a message (a token of a migration file, another session's
// query, a name given on the command line) is shown on one line and bounded, so that a
// message stays one readable line however long or multi-line the text is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pgshift::core {

// `text` on one line (each run of whitespace, line breaks included, becomes one space; leading
// and trailing whitespace dropped), cut to at most `max_bytes` bytes at a UTF-8 character
// boundary with "..." appended when anything was cut.
std::string excerpt(std::string_view text, std::size_t max_bytes);

// `message` with the token libpg_query quotes after "at or near" (`syntax error at or near
// "TABEL"`) put through excerpt(). After an unterminated literal, quoted name or comment that
// token is the rest of the file, quotes and line breaks included: it runs from the quote after
// "at or near" to the message's last quote. Other messages are returned unchanged.
std::string cap_near(std::string_view message, std::size_t max_bytes);

}  // namespace pgshift::core
