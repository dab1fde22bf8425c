// Fields: reads the fields of one operation (a TOML table) with errors that name the file, line
// and column, and refuses fields the operation does not know: a misspelt `nulable = false` must
// not silently keep a column nullable.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/config_tree.hpp"
#include "pgshift/status.hpp"
#include "sql/fragment.hpp"

namespace pgshift::ops {

class Fields {
 public:
  // `node` must be a table; `what` names it in messages ("add_column", "column of add_column").
  Fields(const core::TomlNode& node, std::string path, std::string what);

  // An identifier (table, column, constraint or index name): non-empty, at most 63 bytes, no
  // NUL. Always quoted in generated SQL, so any other character is allowed.
  Status name(const char* key, std::string& out);  // required
  Status optional_name(const char* key, std::optional<std::string>& out);
  Status names(const char* key, std::vector<std::string>& out);  // required, non-empty array
  // The `from` and `to` names of a rename, which must differ.
  Status rename(std::string& from, std::string& to);
  Status optional_names(const char* key, std::vector<std::string>& out);
  // A SQL fragment (expression, type, condition), checked with the real parser and held in the
  // form it is spliced in (sql/fragment.hpp).
  Status fragment(const char* key, sql::Fragment kind, sql::Spliceable& out);  // required
  Status optional_fragment(const char* key, sql::Fragment kind,
                           std::optional<sql::Spliceable>& out);
  // A fragment `n` read some other way (a value of an inline table).
  Status fragment_of(const core::TomlNode& n, const std::string& what, sql::Fragment kind,
                     sql::Spliceable& out) const;
  // Free text (raw_sql's SQL, a comment); `required` when it must be present.
  Status text(const char* key, std::optional<std::string>& out);
  Status boolean(const char* key, bool& out);  // optional: `out` keeps its default
  // One of `choices`; optional: `out` keeps its default.
  Status choice(const char* key, const std::vector<std::string>& choices, std::string& out);
  // A nested table or array of tables; null when absent (or of another kind: then `st` errs).
  const core::TomlNode* table(const char* key, Status& st);
  const core::TomlNode* array(const char* key, Status& st);

  // After reading: unknown keys are an error listing the known ones.
  Status finish() const;

  Status error(const core::TomlNode& at, const std::string& message) const;
  Status missing(const char* key) const;
  const core::TomlNode& node() const { return m_node; }
  const std::string& path() const { return m_path; }

 private:
  const core::TomlNode* find(const char* key);
  Status check_name(const core::TomlNode& n, const char* key) const;
  const core::TomlNode& m_node;
  std::string m_path;
  std::string m_what;
  std::vector<std::string> m_known;
};

}  // namespace pgshift::ops
