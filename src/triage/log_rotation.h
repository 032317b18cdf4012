// The order rotated log files are read in: oldest first.
//
// logrotate names the live file `auth.log`, older ones `auth.log.1`, `auth.log.2.gz`, … (a
// larger number is older) or, with `dateext`, `auth.log-20261120[.gz]`. Correlation windows
// run on event time in read order, so `hikeshi triage` reads a rotation set as
// auth.log.2.gz, auth.log.1, auth.log; plain path order would read the live file first.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace hikeshi::triage {

// What a file name says about its place in a rotation set.
struct LogRotation {
  std::string base;  // "auth.log" for auth.log, auth.log.1, auth.log.2.gz, auth.log-20261120
  // 0: dated (`-YYYYMMDD`, oldest group), 1: numbered, 2: the live file (no suffix).
  int group = 2;
  uint64_t number = 0;  // the rotation number or the date as YYYYMMDD[HH…]
};

// Parses the file name of `path` (a trailing ".gz" is ignored).
LogRotation LogRotationOf(const std::filesystem::path& path);

// Strict weak order: by directory, then rotation base name, then oldest first (dated in date
// order, numbered from the highest number, the live file last), then the full path.
bool LogPathBefore(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace hikeshi::triage
