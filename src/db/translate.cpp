#include "db/translate.hpp"

#include <pqxx/pqxx>

#include <sstream>

#include "db/error.hpp"

namespace pgshift::db {

std::string clean_message(const std::string& what) {
  std::istringstream in(what);
  std::string line;
  std::string out;
  bool skip_caret = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (skip_caret) {
      skip_caret = false;
      continue;
    }
    if (line.rfind("LINE ", 0) == 0) {
      skip_caret = true;  // the next line is the caret under the excerpt
      continue;
    }
    for (const char* prefix : {"ERROR:  ", "FATAL:  ", "PANIC:  "}) {
      if (line.rfind(prefix, 0) == 0) {
        line = line.substr(std::string(prefix).size());
      }
    }
    for (const char* prefix : {"DETAIL:  ", "HINT:  ", "CONTEXT:  "}) {
      std::string p(prefix);
      if (line.rfind(p, 0) == 0) {
        std::string label = p.substr(0, p.find(':'));
        for (auto& ch : label) {
          ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        line = label + ": " + line.substr(p.size());
      }
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
      line.pop_back();
    }
    line.erase(0, line.find_first_not_of(" \t"));
    if (line.empty()) {
      continue;
    }
    if (!out.empty()) {
      out += "; ";
    }
    out += line;
  }
  return out;
}

Status translate(const std::function<void()>& fn) {
  try {
    fn();
    return Status::ok();
  } catch (const pqxx::deadlock_detected& e) {
    return Status::error(Code::failed, clean_message(e.what()))
        .with_sqlstate(sqlstate::deadlock_detected);
  } catch (const pqxx::serialization_failure& e) {
    return Status::error(Code::failed, clean_message(e.what()))
        .with_sqlstate(sqlstate::serialization_failure);
  } catch (const pqxx::statement_completion_unknown& e) {
    return Status::error(Code::failed, clean_message(e.what()))
        .with_sqlstate(sqlstate::statement_completion_unknown);
  } catch (const pqxx::sql_error& e) {
    return Status::error(Code::failed, clean_message(e.what())).with_sqlstate(e.sqlstate());
  } catch (const pqxx::broken_connection& e) {
    return Status::error(Code::failed, "connection lost: " + clean_message(e.what()))
        .with_sqlstate(sqlstate::connection_failure);
  } catch (const pqxx::in_doubt_error& e) {
    return Status::error(Code::failed, "commit outcome unknown: " + clean_message(e.what()))
        .with_sqlstate(sqlstate::statement_completion_unknown);
  } catch (const std::exception& e) {
    return Status::error(Code::failed, clean_message(e.what()));
  }
}

}  // namespace pgshift::db
