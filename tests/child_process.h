// Test support: runs the real hikeshi binary as a child process with pipes on stdin and stdout.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace hikeshi::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when the child was killed by a signal
  std::string stdout_text;
};

// Runs `argv` (argv[0] is the executable path) in `directory`, feeding `stdin_text`, and waits.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& directory,
                         const std::string& stdin_text = "");

// A long-running child (the server). Terminated with SIGKILL on destruction if still running.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::string& directory);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool running() const { return pid_ > 0; }
  // Reads stdout until a line contains `needle`; returns that line, or nullopt on timeout/EOF.
  std::optional<std::string> WaitForLine(const std::string& needle, std::chrono::seconds timeout);
  // Sends `signal` and waits up to `timeout`; returns the exit code (-1 if killed by a signal or
  // the timeout passed, after which the child is killed).
  int Stop(int signal, std::chrono::seconds timeout);
  // Everything read from stdout so far, for failure messages.
  const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string output_;
  size_t scanned_ = 0;
};

}  // namespace hikeshi::testing
