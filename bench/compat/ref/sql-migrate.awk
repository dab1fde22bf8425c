# Reference reader for sql-migrate migrations (scripts/compat): splits one file into the
# statements sql-migrate sends for one direction, as rubenv/sql-migrate sqlparse/sqlparse.go
# does, so that the reference runs exactly those statements.
#
#   awk -v dir=up|down -v out=DIR -f sql-migrate.awk FILE
#
# Writes DIR/0001.sql, ... (one statement each, as sql-migrate keeps them), DIR/mode ("tx", or
# "autocommit" when the direction's marker has the "notransaction" option) and prints the
# number of statements. A file sql-migrate refuses is refused here too (exit 1).
#
# sql-migrate's rules, reproduced:
# - lines starting with "-- " but not "-- +" are dropped everywhere, even inside a
#   StatementBegin/End block (so they never reach the server);
# - markers start with "-- +migrate ": Up, Down (options such as notransaction follow),
#   StatementBegin, StatementEnd; other "-- +" lines are dropped too;
# - outside a block a statement ends on a line whose last word before "--" ends with ";".

function trim(s) {
  sub(/^[ \t\r\n\f\v]+/, "", s)
  sub(/[ \t\r\n\f\v]+$/, "", s)
  return s
}

function fail(msg) {
  printf "%s:%d: sql-migrate would refuse this file: %s\n", FILENAME, FNR, msg > "/dev/stderr"
  failed = 1
  exit 1
}

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

function emit(    f) {
  n++
  f = sprintf("%s/%04d.sql", out, n)
  printf "%s", buf > f
  close(f)
}

BEGIN {
  if (dir != "up" && dir != "down") { print "sql-migrate.awk: dir must be up or down" > "/dev/stderr"; exit 2 }
  direction = ""
  buf = ""
  ignore = 0
  ended = 0
  n = 0
  notx["up"] = 0
  notx["down"] = 0
}

{
  line = $0
  sub(/\r$/, "", line)
  if (substr(line, 1, 3) == "-- " && substr(line, 1, 4) != "-- +") next

  if (substr(line, 1, 12) == "-- +migrate ") {
    nf = split(substr(line, 13), w, /[ \t\r\n\f\v]+/)
    cmd = ""
    for (i = 1; i <= nf; i++) {
      if (w[i] == "") continue
      if (cmd == "") { cmd = w[i]; continue }
      opt[cmd, w[i]] = 1
    }
    if (cmd == "") fail("incomplete migration command")
    if (cmd == "Up" || cmd == "Down") {
      if (trim(buf) != "") fail("the last statement must be ended by a semicolon or '-- +migrate StatementEnd'")
      direction = tolower(cmd)
      if ((cmd, "notransaction") in opt) notx[direction] = 1
    } else if (cmd == "StatementBegin") {
      if (direction != "") ignore = 1
    } else if (cmd == "StatementEnd") {
      if (direction != "") { ended = ignore; ignore = 0 }
    }
  }

  if (direction == "") next
  if (substr(line, 1, 4) != "-- +") buf = buf line "\n"

  if ((!ignore && ends_with_semicolon(line)) || ended) {
    ended = 0
    if (direction == dir) emit()
    buf = ""
  }
}

END {
  if (failed) exit 1
  if (ignore) fail("'-- +migrate StatementBegin' with no matching '-- +migrate StatementEnd'")
  if (direction == "") fail("no Up/Down annotations found")
  if (trim(buf) != "" && substr(buf, 1, 4) != "-- +") fail("the last statement must be ended by a semicolon or '-- +migrate StatementEnd'")
  f = out "/mode"
  print (notx[dir] ? "autocommit" : "tx") > f
  close(f)
  print n
}
