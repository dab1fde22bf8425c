#include "sql/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace pgshift::sql {

namespace {

std::vector<std::string> upper_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) {
    words.push_back(std::move(word));
  }
  return words;
}

// "BEGIN", "START TRANSACTION", "ROLLBACK TO", "SAVEPOINT" ...: how the file spells it.
std::string control_word(const Statement& st) {
  const auto words = upper_words(st.text);
  if (words.empty()) {
    return st.node;
  }
  if (words.size() >= 2 && (words[0] == "START" || words[0] == "PREPARE" ||
                            (words[0] == "ROLLBACK" && words[1] == "TO") ||
                            (words[0] == "COMMIT" && words[1] == "PREPARED") ||
                            (words[0] == "ROLLBACK" && words[1] == "PREPARED"))) {
    return words[0] + " " + words[1];
  }
  return words[0];
}

// COMMIT AND CHAIN (or ROLLBACK AND CHAIN) starts the next transaction at once.
bool chains(const Statement& st) {
  const auto words = upper_words(st.text);
  return words.size() >= 2 && words.back() == "CHAIN" && words[words.size() - 2] == "AND";
}

// A statement that may COMMIT by itself, which a transaction block would make fail: CALL (the
// procedure may commit) and a DO block whose body says COMMIT or ROLLBACK.
bool commits_itself(const Statement& st) {
  if (st.node == "CallStmt") {
    return true;
  }
  if (st.node != "DoStmt") {
    return false;
  }
  for (const auto& w : upper_words(st.text)) {
    if (w == "COMMIT" || w == "ROLLBACK") {
      return true;
    }
  }
  return false;
}

// A statement outside any block: a transaction of its own unless it must run alone.
TxUnit alone(std::size_t i, const Statement& st, bool batched) {
  TxUnit u;
  u.statements.push_back(i);
  u.transaction = !st.needs_autocommit && !batched && !commits_itself(st);
  return u;
}

class Builder {
 public:
  Builder(const std::vector<Statement>& stmts, const core::SectionDirectives& d)
      : m_stmts(stmts), m_batch_line(stmts.size(), 0) {
    m_layout.unit_of.assign(stmts.size(), -1);
    m_no_transaction = d.file.no_transaction;
    for (const auto& inl : d.inline_) {
      if (inl.name != "batch") {
        continue;
      }
      if (auto i = statement_below(stmts, inl.line); i && m_batch_line[*i] == 0) {
        m_batch_line[*i] = inl.line;
      }
    }
  }

  TxLayout build() {
    bool control = false;
    for (const auto& st : m_stmts) {
      control = control || st.tx != TxControl::none;
    }
    if (!control) {
      unwrapped();
    } else if (is_wrapper()) {
      wrapper();
    } else {
      as_written();
    }
    // In file order, where each is reported.
    std::stable_sort(m_layout.problems.begin(), m_layout.problems.end(),
                     [this](const TxProblem& a, const TxProblem& b) { return line(a) < line(b); });
    return std::move(m_layout);
  }

 private:
  bool is_wrapper() const {
    if (m_stmts.size() < 2 || m_stmts.front().tx != TxControl::begin ||
        m_stmts.back().tx != TxControl::commit || chains(m_stmts.back())) {
      return false;
    }
    for (std::size_t i = 1; i + 1 < m_stmts.size(); ++i) {
      if (m_stmts[i].tx != TxControl::none) {
        return false;
      }
    }
    return true;
  }

  // Why the section cannot be one transaction, or "" when it can.
  std::string autocommit_reason() const {
    if (m_no_transaction) {
      return "-- pgshift:no-transaction";
    }
    for (std::size_t i = 0; i < m_stmts.size(); ++i) {
      if (m_batch_line[i] != 0) {
        // Each batch commits on its own: a transaction around them would hold every row lock
        // until the end, which is what batching avoids.
        return fmt::format("-- pgshift:batch on line {}: each batch commits on its own",
                           m_batch_line[i]);
      }
    }
    for (const auto& st : m_stmts) {
      if (st.needs_autocommit) {
        return fmt::format("statement at line {} cannot run inside a transaction block", st.line);
      }
    }
    return "";
  }

  int line(const TxProblem& p) const {
    return p.directive_line != 0 ? p.directive_line : m_stmts[p.statement].line;
  }

  int add(TxUnit u) {
    const int index = static_cast<int>(m_layout.units.size());
    for (std::size_t i : u.statements) {
      m_layout.unit_of[i] = index;
    }
    m_layout.units.push_back(std::move(u));
    return index;
  }

  void problem(TxProblem::Kind kind, std::size_t i, std::string message, std::string help) {
    m_layout.problems.push_back(TxProblem{kind, i, 0, std::move(message), std::move(help)});
  }

  void unwrapped() {
    m_layout.reason = autocommit_reason();
    if (m_layout.reason.empty()) {
      m_layout.mode = TxMode::transaction;
      m_layout.reason = "default";
      TxUnit all;
      for (std::size_t i = 0; i < m_stmts.size(); ++i) {
        all.statements.push_back(i);
      }
      add(std::move(all));
      return;
    }
    m_layout.mode = TxMode::statements;
    for (std::size_t i = 0; i < m_stmts.size(); ++i) {
      add(alone(i, m_stmts[i], m_batch_line[i] != 0));
    }
  }

  // The statements of a block may all run in its transaction: check each.
  void check_block_statement(std::size_t i, std::size_t begin) {
    const Statement& st = m_stmts[i];
    const std::string block =
        fmt::format("the BEGIN ... COMMIT block that starts on line {}", m_stmts[begin].line);
    if (st.needs_autocommit) {
      problem(TxProblem::Kind::autocommit_in_block, i,
              "this statement cannot run inside a transaction block, but it is inside " + block,
              "move it after the block's COMMIT: a statement outside a block runs on its own");
    }
    if (m_batch_line[i] != 0) {
      m_layout.problems.push_back(TxProblem{
          TxProblem::Kind::batch_in_block, i, m_batch_line[i],
          "-- pgshift:batch commits each batch on its own, but the statement below it is inside " +
              block,
          "move the statement after the block's COMMIT"});
    }
  }

  void wrapper() {
    m_layout.mode = TxMode::transaction;
    m_layout.reason = "the file's own BEGIN ... COMMIT";
    if (m_no_transaction) {
      problem(TxProblem::Kind::directive, 0,
              "a -- pgshift:no-transaction file cannot wrap itself in BEGIN ... COMMIT",
              "remove the BEGIN and COMMIT, or the directive");
    }
    TxUnit all;
    all.begin = 0;
    all.commit = m_stmts.size() - 1;
    for (std::size_t i = 1; i + 1 < m_stmts.size(); ++i) {
      check_block_statement(i, 0);
      all.statements.push_back(i);
    }
    add(std::move(all));
  }

  void as_written() {
    m_layout.mode = TxMode::as_written;
    std::optional<TxUnit> open;
    int blocks = 0;
    int alone_count = 0;
    bool directive_reported = false;
    for (std::size_t i = 0; i < m_stmts.size(); ++i) {
      const Statement& st = m_stmts[i];
      const std::string word = st.tx == TxControl::none ? "" : control_word(st);
      if (st.tx != TxControl::none && m_no_transaction && !directive_reported) {
        directive_reported = true;
        problem(TxProblem::Kind::directive, i,
                "a -- pgshift:no-transaction file runs each statement on its own, so it cannot "
                "hold " +
                    word,
                "remove the directive to run the file's BEGIN ... COMMIT blocks as written, or "
                "remove its transaction control");
      }
      switch (st.tx) {
        case TxControl::none:
          if (open) {
            check_block_statement(i, *open->begin);
            open->statements.push_back(i);
          } else {
            add(alone(i, st, m_batch_line[i] != 0));
            ++alone_count;
          }
          break;
        case TxControl::begin:
          if (open) {
            problem(TxProblem::Kind::control, i,
                    fmt::format("{} inside the block that starts on line {} starts no new "
                                "transaction: the next COMMIT would end both",
                                word, m_stmts[*open->begin].line),
                    "COMMIT the block before the next BEGIN");
          } else {
            open.emplace();
            open->begin = i;
          }
          break;
        case TxControl::commit:
          if (chains(st)) {
            problem(TxProblem::Kind::control, i, word + " AND CHAIN is not supported",
                    "end the block with COMMIT and start the next one with BEGIN");
          } else if (!open) {
            problem(TxProblem::Kind::control, i, word + " with no BEGIN before it",
                    "remove it, or add a BEGIN where the block starts");
          } else {
            open->commit = i;
            if (!open->statements.empty()) {
              add(std::move(*open));
              ++blocks;
            }
            open.reset();
          }
          break;
        case TxControl::rollback:
          problem(TxProblem::Kind::control, i, word + " is not supported in a migration file",
                  "remove it: a statement that fails rolls its block back, and pgshift stops "
                  "there");
          open.reset();  // it ends the block, which is not also "never committed"
          break;
        case TxControl::other:
          problem(TxProblem::Kind::control, i, word + " is not supported in a migration file",
                  "remove it: pgshift runs each BEGIN ... COMMIT block as one transaction and "
                  "records it when it commits");
          break;
      }
    }
    if (open) {
      problem(TxProblem::Kind::uncommitted, *open->begin,
              control_word(m_stmts[*open->begin]) + " is never committed",
              "end the block with COMMIT");
    }
    m_layout.reason = fmt::format(
        "the file's own BEGIN ... COMMIT: {} block{}, {} statement{} "
        "on {} own",
        blocks, blocks == 1 ? "" : "s", alone_count, alone_count == 1 ? "" : "s",
        alone_count == 1 ? "its" : "their");
  }

  const std::vector<Statement>& m_stmts;
  std::vector<int> m_batch_line;  // per statement: the line of its batch directive, 0 if none
  bool m_no_transaction = false;
  TxLayout m_layout;
};

}  // namespace

std::optional<std::size_t> statement_below(const std::vector<Statement>& stmts, int line) {
  for (std::size_t i = 0; i < stmts.size(); ++i) {
    if (stmts[i].line > line) {
      return i;
    }
  }
  return std::nullopt;
}

TxLayout transaction_units(const std::vector<Statement>& stmts,
                           const core::SectionDirectives& directives) {
  return Builder(stmts, directives).build();
}

}  // namespace pgshift::sql
