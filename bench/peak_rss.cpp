// bench_peak_rss: runs a command and writes its peak resident set size (KiB) to a file.
//
//   bench_peak_rss OUT_FILE COMMAND [ARG...]
//
// Exits with the command's exit status (128 + signal when it was killed; 127 when it could not
// be started). Used by bench/overhead.
//
// Why not wait4 from the benchmark script itself: Linux keeps a process's peak RSS across
// execve, so a child forked from a 15 MB Python interpreter reports at least 15 MB whatever it
// runs. Forked from this small program, the inherited part is about 1 MB, below anything
// measured.
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_peak_rss OUT_FILE COMMAND [ARG...]\n");
    return 2;
  }
  pid_t pid = fork();
  if (pid < 0) {
    std::fprintf(stderr, "bench_peak_rss: fork: %s\n", std::strerror(errno));
    return 127;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    std::fprintf(stderr, "bench_peak_rss: cannot run %s: %s\n", argv[2], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::fprintf(stderr, "bench_peak_rss: wait4: %s\n", std::strerror(errno));
      return 127;
    }
  }
  if (std::FILE* out = std::fopen(argv[1], "w")) {
    std::fprintf(out, "%ld\n", usage.ru_maxrss);  // KiB on Linux
    std::fclose(out);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}
