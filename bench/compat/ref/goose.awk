# Reference reader for goose SQL migrations (scripts/compat): splits one file into the
# statements goose sends for one direction, as pressly/goose v3 internal/sqlparser/parser.go
# does (a line-based state machine), so that the reference runs exactly those statements.
#
#   awk -v dir=up|down -v out=DIR -f goose.awk FILE
#
# Writes DIR/0001.sql, DIR/0002.sql, ... (one statement each, trimmed as goose trims them),
# DIR/mode ("tx", or "autocommit" for "-- +goose NO TRANSACTION"), and prints the number of
# statements. A file goose refuses to parse is refused here too (exit 1, reason on stderr).
#
# goose's rules, reproduced:
# - annotations are "--" lines containing "+goose": Up, Down, StatementBegin, StatementEnd,
#   NO TRANSACTION, ENVSUB ON|OFF, matched case-insensitively; leading whitespace is an error;
# - outside StatementBegin/End a statement ends on a line whose last word before any "--"
#   ends with ";"; inside, the block is one statement, sent as one Exec;
# - comment and empty lines before a statement are dropped, inside a statement kept;
# - NO TRANSACTION applies to the whole file (both directions).
# ENVSUB substitutes environment variables; the reference cannot know the deploy
# environment, so it refuses such files rather than guessing.

function trim(s) {
  sub(/^[ \t\r\n\f\v]+/, "", s)
  sub(/[ \t\r\n\f\v]+$/, "", s)
  return s
}

function fail(msg) {
  printf "%s:%d: goose would refuse this file: %s\n", FILENAME, FNR, msg > "/dev/stderr"
  failed = 1
  exit 1
}

# goose's endsWithSemicolon: the last whitespace-separated word before a word starting
# with "--" ends with ";".
function ends_with_semicolon(line,    n, w, i, prev) {
  n = split(line, w, /[ \t\r\n\f\v]+/)
  prev = ""
  for (i = 1; i <= n; i++) {
    if (w[i] == "") continue
    if (substr(w[i], 1, 2) == "--") break
    prev = w[i]
  }
  return prev ~ /;$/
}

function annotation(line,    cmd) {
  if (line ~ /^[ \t]/) fail("annotation with leading whitespace")
  cmd = line
  gsub(/--/, "", cmd)
  sub(/\+goose/, "", cmd)
  if (index(cmd, "+goose") > 0) fail("several +goose annotations on one line")
  cmd = tolower(trim(cmd))
  if (cmd == "") fail("empty annotation")
  if (cmd != "up" && cmd != "down" && cmd != "statementbegin" && cmd != "statementend" &&
      cmd != "no transaction" && cmd != "envsub on" && cmd != "envsub off") {
    fail("unknown annotation \"" trim(line) "\"")
  }
  return cmd
}

function emit(    f) {
  n++
  f = sprintf("%s/%04d.sql", out, n)
  printf "%s", trim(buf) > f
  close(f)
  buf = ""
}

BEGIN {
  if (dir != "up" && dir != "down") { print "goose.awk: dir must be up or down" > "/dev/stderr"; exit 2 }
  state = "start"
  buf = ""
  n = 0
  notx = 0
}

{
  line = $0
  sub(/\r$/, "", line) # bufio.ScanLines drops a trailing \r
  t = trim(line)
  if (state == "start" && t == "") next

  if (substr(t, 1, 2) == "--" && index(line, "+goose") > 0) {
    cmd = annotation(line)
    if (cmd == "up") {
      if (state != "start") fail("duplicate '-- +goose Up' annotations")
      state = "up"
      next
    }
    if (cmd == "down") {
      if (state != "up" && state != "end_up") fail("must start with '-- +goose Up' annotation")
      if (trim(buf) != "") fail("unfinished SQL query before '-- +goose Down': missing semicolon?")
      state = "down"
      next
    }
    if (cmd == "statementbegin") {
      if (state == "up" || state == "end_up") state = "begin_up"
      else if (state == "down" || state == "end_down") state = "begin_down"
      else fail("'-- +goose StatementBegin' must come after '-- +goose Up' or '-- +goose Down'")
      next
    }
    if (cmd == "statementend") {
      # no "next": goose goes on with this line (it is not added to the statement)
      if (state == "begin_up") state = "end_up"
      else if (state == "begin_down") state = "end_down"
      else fail("'-- +goose StatementEnd' must come after '-- +goose StatementBegin'")
    } else if (cmd == "no transaction") {
      notx = 1
      next
    } else {
      fail("ENVSUB substitutes the deploy environment, which the reference cannot know")
    }
  }

  if (buf == "" && (substr(t, 1, 2) == "--" || line == "")) next
  if (state != "end_up" && state != "end_down") buf = buf line "\n"

  if (state == "up" || state == "begin_up" || state == "end_up") {
    if (dir == "down") { buf = ""; next }
  } else if (state == "down" || state == "begin_down" || state == "end_down") {
    if (dir == "up") { buf = ""; next }
  } else {
    fail("SQL before '-- +goose Up'")
  }

  if (state == "up" || state == "down") {
    if (ends_with_semicolon(line)) emit()
  } else if (state == "end_up") {
    emit()
    state = "up"
  } else if (state == "end_down") {
    emit()
    state = "down"
  }
}

END {
  if (failed) exit 1
  if (state == "start") fail("must start with '-- +goose Up' annotation")
  if (state == "begin_up" || state == "begin_down") fail("missing '-- +goose StatementEnd' annotation")
  if (trim(buf) != "") fail("unfinished SQL query: missing semicolon?")
  f = out "/mode"
  print (notx ? "autocommit" : "tx") > f
  close(f)
  print n
}
